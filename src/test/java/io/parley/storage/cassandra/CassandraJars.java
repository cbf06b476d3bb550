package io.parley.storage.cassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jars of the test Cassandra, fetched on first use by the small pom in {@code src/test/cassandra/} into
 * {@code target/cassandra/lib}, so a fresh checkout needs nothing but Maven and they never join a test classpath.
 */
final class CassandraJars {
  private static final long FETCH_MINUTES = 10;

  private CassandraJars() {
  }

  /** The directory holding every jar; a marker file says a fetch completed, so a half-done one is redone. */
  static Path ensure(Path projectDir) throws IOException, InterruptedException {
    Path lib = projectDir.resolve("target/cassandra/lib");
    Path complete = lib.resolve(".complete");
    if (Files.exists(complete)) {
      return lib;
    }
    Path pom = projectDir.resolve("src/test/cassandra/pom.xml");
    Path log = Files.createDirectories(projectDir.resolve("target/cassandra")).resolve("fetch.log");
    Process fetch = new ProcessBuilder(List.of(maven(), "-B", "-q", "-f", pom.toString(),
        "dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=" + lib))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    if (!fetch.waitFor(FETCH_MINUTES, TimeUnit.MINUTES) || fetch.exitValue() != 0) {
      fetch.destroyForcibly();
      throw new IllegalStateException("fetching the Cassandra jars failed:\n" + Files.readString(log));
    }
    Files.createFile(complete);
    return lib;
  }

  /** The Maven running this build (the pom hands its home to the test JVM), else the one on the path. */
  private static String maven() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }
}
