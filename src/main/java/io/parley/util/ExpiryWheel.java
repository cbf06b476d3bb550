package io.parley.util;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hashed timing wheel of expiry deadlines with one-second slots, so that a single periodic sweep can find what has
 * expired without a timer per entry and without scanning every entry.
 *
 * <p>A key scheduled to expire at {@code t} lands in the slot of second {@code ceil(t / 1000)}. {@link #due(long)}
 * visits only the slots of the seconds elapsed since its previous call and returns each key whose second has come:
 * never before its deadline, at most one second after it. Each slot holds at most one entry per key: scheduling a key
 * again into the same slot replaces its entry there, while entries in other slots stay. The wheel never cancels, so
 * callers keep each key's current deadline themselves and re-check a returned key against it ("lazy" expiry).
 *
 * <p>Deadlines further away than the wheel's span wait in their slot for as many turns as needed, so any deadline is
 * correct; a span longer than the usual deadline keeps each slot free of entries for later turns.
 *
 * <p>Not thread-safe: use it from one thread or one Vert.x context.
 */
public final class ExpiryWheel<K> {
  private static final long NONE = Long.MIN_VALUE;

  private final List<Map<K, Long>> slots;
  private long swept = NONE;
  private int size;

  /** A wheel of {@code spanSeconds} one-second slots. */
  public ExpiryWheel(int spanSeconds) {
    if (spanSeconds < 1) {
      throw new IllegalArgumentException("spanSeconds must be positive: " + spanSeconds);
    }
    slots = new ArrayList<>(spanSeconds);
    for (int i = 0; i < spanSeconds; i++) {
      slots.add(new HashMap<>());
    }
  }

  /**
   * Schedules {@code key} to be returned by {@link #due(long)} once {@code expiresAtMillis} has passed. A deadline in
   * a second that was already swept is returned by the first sweep of a later second.
   */
  public void schedule(K key, long expiresAtMillis) {
    long second = -Math.floorDiv(-expiresAtMillis, 1000L);
    if (swept != NONE && second <= swept) {
      second = swept + 1;
    }
    if (slot(second).put(key, second) == null) {
      size++;
    }
  }

  /** Removes and returns the keys whose deadline second has come by {@code nowMillis}. */
  public List<K> due(long nowMillis) {
    long now = Math.floorDiv(nowMillis, 1000L);
    List<K> due = new ArrayList<>();
    if (swept == NONE || now - swept >= slots.size()) {
      slots.forEach(slot -> drain(slot, now, due));
    } else {
      for (long second = swept + 1; second <= now; second++) {
        drain(slot(second), now, due);
      }
    }
    if (swept == NONE || now > swept) {
      swept = now;
    }
    return due;
  }

  /** Number of entries held, counting a key once per slot it is in. */
  public int size() {
    return size;
  }

  private Map<K, Long> slot(long second) {
    return slots.get((int) Math.floorMod(second, (long) slots.size()));
  }

  private void drain(Map<K, Long> slot, long now, List<K> due) {
    slot.entrySet().removeIf(entry -> {
      if (entry.getValue() > now) {
        return false;
      }
      due.add(entry.getKey());
      size--;
      return true;
    });
  }
}
