package io.parley.push;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of {@code base * 2^(n-1)}, at most
 * {@code max}, so senders that failed together do not come back together. A service's {@code Retry-After} is a
 * floor: never retried earlier than it asked, even beyond {@code max}.
 */
final class Backoff {
  private final long baseMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  Backoff(long baseMillis, long maxMillis, DoubleSupplier random) {
    this.baseMillis = baseMillis;
    this.maxMillis = maxMillis;
    this.random = random;
  }

  /** The delay before retry number {@code attempt} (1 for the first), given the service's Retry-After or -1. */
  long delay(int attempt, long retryAfterMillis) {
    long ceiling = baseMillis << Math.min(attempt - 1, 30);
    long capped = Math.min(maxMillis, ceiling);
    long jittered = capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2));
    return Math.max(jittered, retryAfterMillis);
  }
}
