package io.parley.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Reads one section of the config tree, failing with the dotted key's name when a value is missing or invalid. */
final class ConfigReader {
  private final JsonObject json;
  private final String prefix;

  ConfigReader(JsonObject json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  ConfigReader section(String name) {
    Object value = json.getValue(name);
    if (!(value instanceof JsonObject section)) {
      throw new ConfigException(key(name), "missing section");
    }
    return new ConfigReader(section, key(name));
  }

  int integer(String name, int min, int max) {
    Object value = json.getValue(name);
    int result;
    if (value instanceof Number n) {
      result = n.intValue();
    } else if (value instanceof String s) {
      try {
        result = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key(name), "not an integer: " + s);
      }
    } else {
      throw new ConfigException(key(name), "missing integer");
    }
    if (result < min || result > max) {
      throw new ConfigException(key(name), result + " is outside [" + min + ", " + max + "]");
    }
    return result;
  }

  boolean bool(String name) {
    Object value = json.getValue(name);
    if (value instanceof Boolean b) {
      return b;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw new ConfigException(key(name), "missing boolean");
  }

  String string(String name) {
    Object value = json.getValue(name);
    if (!(value instanceof String s)) {
      throw new ConfigException(key(name), "missing string");
    }
    return s;
  }

  String oneOf(String name, String... allowed) {
    String value = string(name);
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw new ConfigException(key(name), "unknown value '" + value + "', expected one of " + List.of(allowed));
  }

  List<String> strings(String name) {
    Object value = json.getValue(name);
    if (value instanceof String s) {
      return List.of(s.split(","));
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(key(name), "missing list");
    }
    return array.stream().map(String::valueOf).toList();
  }

  private String key(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }
}
