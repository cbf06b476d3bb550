package io.parley.health;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * Readiness of this node: ready when every part it checks is up. Answers {@code GET /health} on the public port and
 * on the metrics port. Probes come often, so each check reads a flag or a thread's state; none writes to disk.
 */
public final class NodeHealth {

  /** One part of the node. */
  @FunctionalInterface
  public interface Check {
    /** Why the part is down, or null when it is up. Called from any thread; must not block. */
    String problem();
  }

  private final Map<String, Check> checks;

  /** @param checks each part's check by the name the report gives it */
  public NodeHealth(Map<String, Check> checks) {
    this.checks = new TreeMap<>(checks);
  }

  /** 200 with every part UP, else 503; the body names each part and why a part is down. */
  public void respond(HttpServerResponse response) {
    JsonObject parts = new JsonObject();
    boolean up = true;
    for (Map.Entry<String, Check> check : checks.entrySet()) {
      String problem = check.getValue().problem();
      up &= problem == null;
      parts.put(check.getKey(), problem == null ? status(true) : status(false).put("reason", problem));
    }
    response.setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
        .end(status(up).put("checks", parts).encode());
  }

  private static JsonObject status(boolean up) {
    return new JsonObject().put("status", up ? "UP" : "DOWN");
  }
}
