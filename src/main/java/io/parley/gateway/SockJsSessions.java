package io.parley.gateway;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which client each SockJS session of this node belongs to. vertx-web finds a session by the id in the URL alone
 * (sockjs-client picks 8 random characters), so anyone who learns the id could poll it (read the user's frames) or
 * post to it (send as the user); every request naming a session must come from its owner. Shared by every gateway
 * instance and both endpoints, as vertx-web's own session map is.
 */
public final class SockJsSessions {
  private final ConcurrentHashMap<String, SockJsBinding> bindings = new ConcurrentHashMap<>();

  /** Binds a new session id to its owner; null if the id is taken meanwhile. */
  SockJsBinding bind(String sessionId, SockJsBinding binding) {
    return bindings.putIfAbsent(sessionId, binding) == null ? binding : null;
  }

  /** The session's binding if {@code owner} owns it, else null, whether the id is unknown or someone else's. */
  SockJsBinding ownedBy(String sessionId, SockJsBinding.Owner owner) {
    SockJsBinding binding = bindings.get(sessionId);
    return binding != null && binding.owner().equals(owner) ? binding : null;
  }

  boolean isBound(String sessionId) {
    return bindings.containsKey(sessionId);
  }

  /** Forgets {@code binding}; nothing for a WebSocket session, which has no id. */
  void unbind(String sessionId, SockJsBinding binding) {
    if (sessionId != null) {
      bindings.remove(sessionId, binding);
    }
  }
}
