package io.parley.bus;

import io.vertx.core.json.JsonObject;

/**
 * What a clustered node publishes on {@link Addresses#ROUTING_PEERS} every second, and once more when its state
 * changes: routing takes the live nodes from it for conversation ownership, discovery the serving ones and their
 * load. Travels as a {@link JsonObject}, for which Vert.x has its own codec.
 *
 * @param node    the node's routing id (random per start)
 * @param address {@code host:port} clients reach the node at
 * @param devices devices connected to the node now
 * @param state   {@link #SERVING}, {@link #DRAINING} (still owns its conversations, but discovery no longer names it)
 *                or {@link #LEAVING} (its conversations move now)
 */
public record NodeAnnouncement(String node, String address, int devices, String state) {
  public static final String SERVING = "serving";
  public static final String DRAINING = "draining";
  public static final String LEAVING = "leaving";

  public static NodeAnnouncement fromJson(JsonObject json) {
    return new NodeAnnouncement(json.getString("node"), json.getString("address"), json.getInteger("devices", 0),
        json.getString("state"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("address", address).put("devices", devices).put("state", state);
  }

  public boolean serving() {
    return SERVING.equals(state);
  }
}
