package io.parley.storage.cassandra;

import io.parley.e2e.support.FreePort;
import io.parley.e2e.support.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One single-node Cassandra 5.0.6 in a JVM of its own, on free loopback ports, with its data in a fresh temp
 * directory. Its config files are those in {@code src/test/cassandra/}, filled in per run.
 */
final class CassandraServer implements AutoCloseable {
  static final String DATACENTER = "datacenter1";
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final Path dir;
  private final int nativePort;
  private final Process process;
  private final Duration startTime;

  private CassandraServer(Path dir, int nativePort, Process process, Duration startTime) {
    this.dir = dir;
    this.nativePort = nativePort;
    this.process = process;
    this.startTime = startTime;
  }

  /** Starts the server and returns once its native (CQL) port accepts connections. */
  static CassandraServer start(Path projectDir) {
    Path dir = TempDirs.create("parley-cassandra");
    try {
      Path lib = CassandraJars.ensure(projectDir);
      long started = System.nanoTime();
      int nativePort = FreePort.pick();
      int storagePort = FreePort.pick();
      Path conf = projectDir.resolve("src/test/cassandra");
      Files.writeString(dir.resolve("cassandra.yaml"), fill(Files.readString(conf.resolve("cassandra.yaml")), Map.of(
          "dir", dir.toString(), "nativePort", String.valueOf(nativePort),
          "storagePort", String.valueOf(storagePort), "sslStoragePort", String.valueOf(FreePort.pick()))));
      Process process = launch(dir, conf, lib);
      awaitReady(process, nativePort, dir);
      return new CassandraServer(dir, nativePort, process, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      TempDirs.deleteQuietly(dir);
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String fill(String template, Map<String, String> values) {
    String filled = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      filled = filled.replace("${" + value.getKey() + "}", value.getValue());
    }
    return filled;
  }

  /**
   * Runs Cassandra under a shell that kills it once this JVM's end of the shell's stdin closes, so a test JVM that
   * dies, even by SIGKILL, takes its Cassandra along. As root, Cassandra's mlockall would pin its whole heap in
   * memory; setpriv takes away the capability and the lock fails harmlessly.
   */
  private static Process launch(Path dir, Path conf, Path lib) throws IOException {
    List<String> java = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
      java.addAll(List.of("/usr/bin/setpriv", "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock"));
    }
    java.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + conf.resolve("jvm.options"),
        "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
        "-Dcassandra.logdir=" + dir.resolve("logs"),
        "-Dlogback.configurationFile=" + conf.resolve("logback.xml"),
        "-cp", lib + "/*",
        "org.apache.cassandra.service.CassandraDaemon"));
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
        // a background job's stdin is /dev/null unless redirected, hence the copy on descriptor 3
        "exec 3<&0; \"$@\" & pid=$!; (cat <&3 > /dev/null; kill -9 $pid 2> /dev/null) & wait $pid", "cassandra"));
    command.addAll(java);
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .start();
  }

  private static void awaitReady(Process process, int nativePort, Path dir)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Cassandra exited with " + process.exitValue() + ":\n" + output(dir));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", nativePort), 250);
        return;
      } catch (IOException e) {
        Thread.sleep(250);
      }
    }
    process.getOutputStream().close();
    throw new IllegalStateException("Cassandra not ready within " + STARTUP + ":\n" + output(dir));
  }

  private static String output(Path dir) {
    try {
      return Files.readString(dir.resolve("stdout.log"));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  int nativePort() {
    return nativePort;
  }

  /** From launch to an open native port, jar fetch excluded. */
  Duration startTime() {
    return startTime;
  }

  /** SIGKILL, by closing the shell's stdin: the data is thrown away, so there is nothing to drain. */
  @Override
  public void close() throws IOException, InterruptedException {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    TempDirs.deleteQuietly(dir);
  }
}
