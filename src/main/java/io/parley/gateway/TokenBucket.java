package io.parley.gateway;

/** A per-connection rate limit: {@code rate} frames a second, bursts up to {@code burst}. Not thread-safe. */
final class TokenBucket {
  private final double perMilli;
  private final double burst;
  private double tokens;
  private long lastMillis;

  TokenBucket(int rate, int burst, long nowMillis) {
    this.perMilli = rate / 1000.0;
    this.burst = Math.max(burst, 1);
    this.tokens = this.burst;
    this.lastMillis = nowMillis;
  }

  /** Takes one token: 0 when taken, otherwise the milliseconds until one is available (nothing is taken). */
  long take(long nowMillis) {
    tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * perMilli);
    lastMillis = nowMillis;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perMilli);
  }
}
