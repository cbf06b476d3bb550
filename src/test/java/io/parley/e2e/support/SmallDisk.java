package io.parley.e2e.support;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real, small file system (a tmpfs) mounted for one test class, so a node's store can run out of space. Register
 * it before the {@link TestServer} whose {@code storage.dataDir} is {@link #path()} ({@code @Order}). Mounting needs
 * root, as the tests have in CI; elsewhere the class is skipped.
 */
public final class SmallDisk implements BeforeAllCallback {
  private static final int CHUNK = 1 << 20;

  private final String size;
  private final Path path = TempDirs.create("parley-small-disk");

  /** @param size the tmpfs size, as {@code mount -o size=} takes it ({@code 32m}) */
  public SmallDisk(String size) {
    this.size = size;
  }

  /** The mount point. */
  public Path path() {
    return path;
  }

  /**
   * Mounts the disk, and has the class's store unmount it: JUnit closes what a store holds in the reverse order it
   * was added, so the node started after the mount has closed its files before.
   */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path.toString());
    AutoCloseable unmount = () -> run("umount", path.toString());
    context.getStore(ExtensionContext.Namespace.create(SmallDisk.class)).put(path, unmount);
  }

  /** Writes {@code file} until the file system is full; returns its size. */
  public long fill(Path file) {
    byte[] chunk = new byte[CHUNK];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      try {
        return Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
