package io.parley.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * User ids known to exist, so a message in a direct conversation with one of them needs no storage lookup before it
 * is routed: the members of {@code dm:a:b} are a and b once b exists. Accounts are never deleted, so an id once
 * confirmed stays true; the set is bounded, least recently used first out, only to cap its memory. Used from one
 * event loop.
 */
final class KnownUsers {
  private final Map<String, Boolean> ids;

  KnownUsers(int capacity) {
    this.ids = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  boolean contains(String userId) {
    return ids.get(userId) != null;
  }

  void add(String userId) {
    ids.put(userId, Boolean.TRUE);
  }
}
