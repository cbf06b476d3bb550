package io.parley.load;

import io.vertx.core.http.ServerWebSocket;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which socket each relay user and group member holds. Shared by every relay instance, so it is concurrent: a frame
 * read on one event loop is written to sockets owned by the others (Vert.x hands such writes to the owning loop).
 */
final class RelayDirectory {
  private final ConcurrentHashMap<String, ServerWebSocket> users = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<ServerWebSocket>> groups = new ConcurrentHashMap<>();

  void join(String user, List<String> groupNames, ServerWebSocket socket) {
    users.put(user, socket);
    for (String group : groupNames) {
      groups.computeIfAbsent(group, name -> ConcurrentHashMap.newKeySet()).add(socket);
    }
  }

  void leave(String user, List<String> groupNames, ServerWebSocket socket) {
    users.remove(user, socket);
    for (String group : groupNames) {
      groups.getOrDefault(group, Set.of()).remove(socket);
    }
  }

  /** The user's socket, or null when the user is not connected. */
  ServerWebSocket user(String name) {
    return users.get(name);
  }

  Set<ServerWebSocket> group(String name) {
    return groups.getOrDefault(name, Set.of());
  }
}
