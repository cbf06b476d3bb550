package io.parley.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code PARLEY_<SECTION>_<KEY>} variables as a config tree, matched without regard to case against the keys of the
 * defaults, and with underscores inside the key part ignored: {@code PARLEY_GATEWAY_MAX_FRAME_BYTES} and
 * {@code PARLEY_GATEWAY_MAXFRAMEBYTES} both set {@code gateway.maxFrameBytes}. A {@code PARLEY_} variable that names no
 * key is refused rather than ignored, as a misspelt one would otherwise change nothing without a word.
 */
final class EnvironmentOverrides {
  private static final String PREFIX = "PARLEY_";

  private EnvironmentOverrides() {
  }

  static JsonObject tree(JsonObject defaults, Map<String, String> environment) {
    JsonObject tree = new JsonObject();
    Map<String, String> variableOfKey = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    new TreeMap<>(environment).forEach((name, value) -> {
      if (!name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
          || name.equalsIgnoreCase(ConfigSources.FILE_VARIABLE)) {
        return;
      }
      String key = keyOf(defaults, name.substring(PREFIX.length()));
      if (key == null) {
        unknown.add(name);
        return;
      }
      String earlier = variableOfKey.put(key, name);
      if (earlier != null) {
        throw new ConfigException(key, "set by both " + earlier + " and " + name);
      }
      ConfigTree.put(tree, key, value);
    });
    if (!unknown.isEmpty()) {
      throw new ConfigException(String.join(", ", unknown),
          "environment variable naming no config key (expected PARLEY_<SECTION>_<KEY>, e.g. PARLEY_HTTP_PORT)");
    }
    return tree;
  }

  /** The dotted key {@code rest} (the name after {@code PARLEY_}) stands for, or null. */
  private static String keyOf(JsonObject defaults, String rest) {
    String wanted = rest.toLowerCase(Locale.ROOT);
    for (String section : defaults.fieldNames()) {
      String sectionPrefix = section.toLowerCase(Locale.ROOT) + "_";
      if (!(defaults.getValue(section) instanceof JsonObject keys) || !wanted.startsWith(sectionPrefix)) {
        continue;
      }
      String keyPart = withoutUnderscores(wanted.substring(sectionPrefix.length()));
      for (String key : keys.fieldNames()) {
        if (!(keys.getValue(key) instanceof JsonObject) && withoutUnderscores(key).equals(keyPart)) {
          return section + "." + key;
        }
      }
    }
    return null;
  }

  private static String withoutUnderscores(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }
}
