package io.parley.gateway;

import io.parley.util.BoundedMap;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;

/**
 * Failures counted per key, each past the first {@code freeFailures} making the key wait before its next try, the
 * wait doubling from {@code firstDelay} with each further failure up to {@code maxDelay}. A key is forgotten
 * {@code memory} after its last failure, and at most {@code capacity} keys are kept, in the order of their last
 * failure, so the one dropped to make room (or expired) is always the one failed longest ago. Synchronized: failed
 * logins each cost a password hash, so they are far too rare for the lock to matter.
 */
final class GrowingDelays {
  /** 2^20 times the first delay is far past any maximum configured: the doubling stops there. */
  private static final int MAX_DOUBLINGS = 20;

  private record Entry(int failures, long lastFailureAt, long waitUntil) {
  }

  private final int freeFailures;
  private final long firstDelayMillis;
  private final long maxDelayMillis;
  private final long memoryMillis;
  private final Clock clock;
  private final Map<String, Entry> entries;

  GrowingDelays(int freeFailures, int firstDelaySeconds, int maxDelaySeconds, int memorySeconds, int capacity,
      Clock clock) {
    this.freeFailures = freeFailures;
    this.firstDelayMillis = firstDelaySeconds * 1000L;
    this.maxDelayMillis = maxDelaySeconds * 1000L;
    this.memoryMillis = memorySeconds * 1000L;
    this.clock = clock;
    this.entries = BoundedMap.insertionOrdered(capacity);
  }

  /** Seconds until {@code key} may try again, or 0 when it may now. */
  synchronized long retryAfterSeconds(String key) {
    Entry entry = current(key, clock.millis());
    long remaining = entry == null ? 0 : entry.waitUntil - clock.millis();
    return remaining <= 0 ? 0 : (remaining + 999) / 1000;
  }

  synchronized void failed(String key) {
    long now = clock.millis();
    expire(now);
    Entry entry = current(key, now);
    int failures = entry == null ? 1 : entry.failures + 1;
    // removed first so the entry goes to the end, keeping the map in the order of last failures
    entries.remove(key);
    entries.put(key, new Entry(failures, now, now + delayAfter(failures)));
  }

  synchronized void reset(String key) {
    entries.remove(key);
  }

  /** How many keys are remembered now. */
  synchronized int size() {
    expire(clock.millis());
    return entries.size();
  }

  private long delayAfter(int failures) {
    if (failures < freeFailures) {
      return 0;
    }
    int doublings = Math.min(failures - freeFailures, MAX_DOUBLINGS);
    return Math.min(firstDelayMillis << doublings, maxDelayMillis);
  }

  private Entry current(String key, long now) {
    Entry entry = entries.get(key);
    return entry == null || now - entry.lastFailureAt >= memoryMillis ? null : entry;
  }

  /** Drops the keys last failed longer than the memory ago: they are at the head, oldest first. */
  private void expire(long now) {
    Iterator<Entry> oldestFirst = entries.values().iterator();
    while (oldestFirst.hasNext() && now - oldestFirst.next().lastFailureAt >= memoryMillis) {
      oldestFirst.remove();
    }
  }
}
