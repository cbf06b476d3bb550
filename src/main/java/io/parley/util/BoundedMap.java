package io.parley.util;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps that hold at most a given number of entries, dropping the eldest when one more is put. Not thread-safe. */
public final class BoundedMap {

  private BoundedMap() {
  }

  /** Eldest by insertion: a key put again keeps its place unless removed first. */
  public static <K, V> Map<K, V> insertionOrdered(int capacity) {
    return create(capacity, false);
  }

  /** Eldest by access: a least-recently-used cache. */
  public static <K, V> Map<K, V> accessOrdered(int capacity) {
    return create(capacity, true);
  }

  private static <K, V> Map<K, V> create(int capacity, boolean accessOrder) {
    return new LinkedHashMap<>(16, 0.75f, accessOrder) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
