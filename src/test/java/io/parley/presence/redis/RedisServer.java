package io.parley.presence.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A Debian {@code redis-server} process on a loopback port, in memory only (no RDB, no AOF), logging to a file in its
 * own temporary directory. It can be stopped and started again on the same port, and paused ({@code SIGSTOP}) to
 * stand for a Redis that holds connections open but never answers.
 */
final class RedisServer implements AutoCloseable {
  private static final long READY_MILLIS = 10_000;

  private final int port;
  private final Path dir;
  private Process process;

  private RedisServer(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  static RedisServer start(int port) {
    try {
      RedisServer server = new RedisServer(port, Files.createTempDirectory("parley-redis-"));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  synchronized void start() {
    try {
      process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server could not be started; install it with "
          + "'apt-get install redis-server' (.ci/run does)", e);
    }
    awaitReady();
  }

  /** Stops the server as a crash would, losing everything; returns once the process is gone. */
  synchronized void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping redis-server", e);
    }
  }

  synchronized void pause() {
    signal("-STOP");
  }

  synchronized void resume() {
    signal("-CONT");
  }

  void flushAll() {
    String reply = command("FLUSHALL");
    if (!reply.equals("+OK")) {
      throw new IllegalStateException("FLUSHALL answered " + reply);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (process.isAlive()) {
      stop();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private void awaitReady() {
    long deadline = System.currentTimeMillis() + READY_MILLIS;
    while (true) {
      try {
        if (command("PING").equals("+PONG")) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        if (!process.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("redis-server not ready on port " + port + ", see " + dir.resolve("redis.log"),
              notYet);
        }
      }
      sleepBriefly();
    }
  }

  /** One inline command over a fresh connection; returns the reply's first line. */
  private String command(String inline) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void signal(String signal) {
    try {
      int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill " + signal + " exited " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
