package io.parley.config;

import io.vertx.core.json.JsonObject;

/** Dotted keys ({@code gateway.maxFrameBytes}) in a config tree of nested objects. */
final class ConfigTree {
  private ConfigTree() {
  }

  static void put(JsonObject tree, String dottedKey, Object value) {
    String[] path = dottedKey.split("\\.", -1);
    JsonObject section = tree;
    for (int i = 0; i < path.length - 1; i++) {
      if (!(section.getValue(path[i]) instanceof JsonObject)) {
        section.put(path[i], new JsonObject());
      }
      section = section.getJsonObject(path[i]);
    }
    section.put(path[path.length - 1], value);
  }

  static boolean has(JsonObject tree, String dottedKey) {
    Object node = tree;
    for (String name : dottedKey.split("\\.", -1)) {
      if (!(node instanceof JsonObject section) || !section.containsKey(name)) {
        return false;
      }
      node = section.getValue(name);
    }
    return true;
  }
}
