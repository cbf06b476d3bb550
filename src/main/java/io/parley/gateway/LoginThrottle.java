package io.parley.gateway;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks an account out of logins for a while after too many failures, whatever address they come from, so
 * passwords cannot be guessed at speed. Shared by every gateway instance of a node.
 */
public final class LoginThrottle {
  private record Failures(int count, long firstAt) {
  }

  private final int maxFailures;
  private final long windowMillis;
  private final Clock clock;
  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

  public LoginThrottle(int maxFailures, int lockoutSeconds, Clock clock) {
    this.maxFailures = maxFailures;
    this.windowMillis = lockoutSeconds * 1000L;
    this.clock = clock;
  }

  /** Seconds until {@code username} may try again, or 0 when it may now. */
  long retryAfterSeconds(String username) {
    Failures current = failures.get(key(username));
    if (current == null || current.count < maxFailures) {
      return 0;
    }
    long remaining = current.firstAt + windowMillis - clock.millis();
    return remaining <= 0 ? 0 : (remaining + 999) / 1000;
  }

  void failed(String username) {
    long now = clock.millis();
    failures.compute(key(username), (key, current) ->
        current == null || now - current.firstAt >= windowMillis ? new Failures(1, now)
            : new Failures(current.count + 1, current.firstAt));
    if (failures.size() > 100_000) {
      failures.values().removeIf(entry -> now - entry.firstAt >= windowMillis);
    }
  }

  void succeeded(String username) {
    failures.remove(key(username));
  }

  private static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }
}
