package io.parley.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bare TCP connection to a node, from a chosen loopback source address (127.0.0.2 and so on are all loopback on
 * Linux), for what no HTTP client does: stay silent, drip bytes, or hold a connection without a request.
 */
public final class RawConnection implements AutoCloseable {
  private final Socket socket;

  private RawConnection(Socket socket) {
    this.socket = socket;
  }

  public static RawConnection open(int port, String sourceAddress) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return new RawConnection(socket);
  }

  public void write(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Sends {@code GET path} (keep-alive) and returns the status line of the answer. */
  public String get(String path) throws IOException {
    write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed by the server before an answer: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = Integer.parseInt(text.replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1"));
    in.readNBytes(length);
    return text.substring(0, text.indexOf("\r\n"));
  }

  /**
   * Waits up to {@code timeout} for the server to close the connection (end of stream or reset) and says whether it
   * did; anything the server sends first is skipped.
   */
  public boolean awaitClosedByServer(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) left);
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
