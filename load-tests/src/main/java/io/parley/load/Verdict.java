package io.parley.load;

import java.util.ArrayList;
import java.util.List;

/** What a run must show to pass; collects every requirement it missed. */
final class Verdict {
  private final List<String> failures = new ArrayList<>();

  void require(boolean met, String failure) {
    if (!met) {
      failures.add(failure);
    }
  }

  /** Prints the result line; true when every requirement was met. */
  boolean print() {
    System.out.println(failures.isEmpty() ? "result: ok" : "result: FAILED: " + String.join("; ", failures));
    return failures.isEmpty();
  }
}
