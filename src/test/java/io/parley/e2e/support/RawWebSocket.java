package io.parley.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare {@link Socket} with a tiny receive buffer, for a client that stops reading: after
 * the handshake nothing is read until {@link #drain} is called, so the server's writes pile up.
 */
public final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;

  /** What the server left in the socket before it went away. */
  public record Drained(int textFrames, long bytes, Integer closeCode, String ending) {
  }

  /** One frame from the server. */
  public record Frame(int opcode, byte[] payload) {
    public Integer closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : null;
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Opens the socket and completes the upgrade of {@code path}; throws unless the server answers 101. */
  public static RawWebSocket open(int port, String path, String token) throws IOException {
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    RawWebSocket raw = request(port, "GET " + path + " HTTP/1.1\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Authorization: Bearer " + token + "\r\n");
    String head = raw.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      raw.close();
      throw new IOException("upgrade refused: " + head);
    }
    return raw;
  }

  /**
   * Sends a request of the request line and {@code headLines} (each ending in CRLF; Host is added) and leaves the
   * answer to be read with {@link #readHead()}: for handshakes the client libraries would not send.
   */
  public static RawWebSocket request(int port, String headLines) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write((headLines + "Host: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return new RawWebSocket(socket);
  }

  /** Sends one final, masked frame. */
  public void sendFrame(int opcode, byte[] payload) throws IOException {
    sendFrames(opcode, List.of(payload));
  }

  /**
   * Sends final, masked frames of fewer than 126 bytes each in ONE socket write, so the server reads them together.
   */
  public void sendFrames(int opcode, List<byte[]> payloads) throws IOException {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (byte[] payload : payloads) {
      frames.write(masked(opcode, payload));
    }
    socket.getOutputStream().write(frames.toByteArray());
    socket.getOutputStream().flush();
  }

  private static byte[] masked(int opcode, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    frame.write(0x80 | payload.length);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /** The next frame the server sends. */
  public Frame nextFrame() throws IOException {
    int opcode = in.readUnsignedByte() & 0x0f;
    return new Frame(opcode, readPayload());
  }

  /** Whether the server has closed the connection: the next read ends the stream. */
  public boolean isClosedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true;
    }
  }

  /**
   * Reads every frame left until the server closes (EOF, reset or a close frame), each read waiting at most
   * {@code idleMillis}; a read that times out means the server is still holding the connection open.
   */
  public Drained drain(int idleMillis) throws IOException {
    socket.setSoTimeout(idleMillis);
    int texts = 0;
    long bytes = 0;
    try {
      while (true) {
        int opcode = in.readUnsignedByte() & 0x0f;
        byte[] payload = readPayload();
        bytes += payload.length;
        if (opcode == 0x1) {
          texts++;
        } else if (opcode == 0x8) {
          Integer code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : null;
          return new Drained(texts, bytes, code, "close frame");
        }
      }
    } catch (EOFException e) {
      return new Drained(texts, bytes, null, "EOF");
    } catch (SocketTimeoutException e) {
      return new Drained(texts, bytes, null, "still open after " + idleMillis + " ms of silence");
    } catch (SocketException e) {
      return new Drained(texts, bytes, null, "reset: " + e.getMessage());
    }
  }

  /**
   * Starts a masked text frame that announces {@code length} payload bytes but sends only {@code prefix}, so the
   * server refuses it from the header alone and nothing unread is left to turn its close into a reset.
   */
  public void announceTextFrame(long length, byte[] prefix) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    frame.write(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame.write((int) (length >>> shift) & 0xff);
    }
    frame.write(new byte[4]);
    frame.write(prefix);
    socket.getOutputStream().write(frame.toByteArray());
    socket.getOutputStream().flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private byte[] readPayload() throws IOException {
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] mask = new byte[4];
    if ((second & 0x80) != 0) {
      in.readFully(mask);
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return payload;
  }

  /** The response's status line and headers. */
  public String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    InputStream raw = socket.getInputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = raw.read();
      if (b < 0) {
        throw new EOFException("connection closed during the handshake: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
