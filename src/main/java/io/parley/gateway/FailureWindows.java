package io.parley.gateway;

import io.parley.util.BoundedMap;

import java.time.Clock;
import java.util.Map;

/**
 * Failures counted per key in a fixed window that opens at the key's first failure; a key at its limit is refused
 * until its window ends. At most {@code capacity} keys are kept: they are in window order, so the one dropped to
 * make room is the one whose window ends first. Synchronized: failed logins each cost a password hash, so they are
 * far too rare for the lock to matter.
 */
final class FailureWindows {
  private record Window(int count, long openedAt) {
  }

  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, Window> windows;

  FailureWindows(int limit, int windowSeconds, int capacity, Clock clock) {
    this.limit = limit;
    this.windowMillis = windowSeconds * 1000L;
    this.clock = clock;
    this.windows = BoundedMap.insertionOrdered(capacity);
  }

  /** Seconds until {@code key} may try again, or 0 when it may now. */
  synchronized long retryAfterSeconds(String key) {
    Window window = windows.get(key);
    if (window == null || window.count < limit) {
      return 0;
    }
    long remaining = window.openedAt + windowMillis - clock.millis();
    return remaining <= 0 ? 0 : (remaining + 999) / 1000;
  }

  synchronized void failed(String key) {
    long now = clock.millis();
    Window window = windows.get(key);
    if (window == null || now - window.openedAt >= windowMillis) {
      // removed first so the new window goes to the end, keeping the map in window order
      windows.remove(key);
      windows.put(key, new Window(1, now));
    } else {
      windows.put(key, new Window(window.count + 1, window.openedAt));
    }
  }

  synchronized void reset(String key) {
    windows.remove(key);
  }
}
