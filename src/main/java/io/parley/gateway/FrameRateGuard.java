package io.parley.gateway;

/**
 * Decides what happens to each counted frame of one connection, so a flood costs the flooder rather than the node.
 * Within its rate a frame is accepted. The first frame over it is refused with an answer (RATE_LIMITED) and the
 * connection stops being read until its bucket holds a token again; frames already read by then are dropped
 * unanswered, since each answer would cost what the limit is meant to save. A connection refused again within
 * {@link #CONTINUED_WITHIN_MILLIS} of each resume is still over its rate; once that has lasted {@code closeAfterMillis}
 * it is closed. Not thread-safe: used on the connection's event loop.
 */
final class FrameRateGuard {
  /** What to do with a frame. */
  enum Verdict { ACCEPT, REFUSE, DROP, CLOSE }

  /** A refusal this soon after reading resumed means the client never came back under its rate. */
  static final long CONTINUED_WITHIN_MILLIS = 1000;
  private static final long NEVER = Long.MIN_VALUE;

  private final TokenBucket bucket;
  private final long closeAfterMillis;
  private boolean refusing;
  private long retryAfterMillis;
  private long resumesAtMillis = NEVER;
  private long overRateSinceMillis;

  FrameRateGuard(int rate, int burst, long closeAfterMillis, long nowMillis) {
    this.bucket = new TokenBucket(rate, burst, nowMillis);
    this.closeAfterMillis = closeAfterMillis;
  }

  Verdict check(long nowMillis) {
    long retryAfter = bucket.take(nowMillis);
    if (retryAfter == 0) {
      refusing = false;
      return Verdict.ACCEPT;
    }
    if (refusing) {
      return Verdict.DROP;
    }
    refusing = true;
    boolean stillOver = resumesAtMillis != NEVER && nowMillis - resumesAtMillis <= CONTINUED_WITHIN_MILLIS;
    if (!stillOver) {
      overRateSinceMillis = nowMillis;
    } else if (nowMillis - overRateSinceMillis >= closeAfterMillis) {
      return Verdict.CLOSE;
    }
    retryAfterMillis = retryAfter;
    resumesAtMillis = nowMillis + retryAfter;
    return Verdict.REFUSE;
  }

  /** After a REFUSE: how long reading pauses, which is also the {@code retryAfter} the client is told. */
  long retryAfterMillis() {
    return retryAfterMillis;
  }
}
