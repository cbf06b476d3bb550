package io.parley.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The users file ({@code --users}): accounts signed up on a node once and reused by later runs against it. */
final class UserFile {
  private UserFile() {
  }

  static List<ScaleUser> load(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (var lines = Files.lines(file)) {
      return lines.filter(line -> !line.isBlank()).map(ScaleUser::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Written aside and moved in place, so an interrupted run never leaves half a file. */
  static void save(Path file, List<ScaleUser> users) {
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(temporary, users.stream().map(ScaleUser::line).toList());
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
