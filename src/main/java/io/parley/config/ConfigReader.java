package io.parley.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one section of the config tree, failing with the dotted key's name when a value is missing or invalid. Every
 * reader of one tree records the keys it reads in a set they share, so {@link #refuseUnread()} can name each key no
 * record read: a typo is refused without a list of valid keys kept by hand. A record must therefore read each of its
 * keys on every start, even one its current {@code type} does not use.
 */
final class ConfigReader {
  private final JsonObject json;
  private final String prefix;
  private final Set<String> read;

  private ConfigReader(JsonObject json, String prefix, Set<String> read) {
    this.json = json;
    this.prefix = prefix;
    this.read = read;
  }

  static ConfigReader root(JsonObject tree) {
    return new ConfigReader(tree, "", new HashSet<>());
  }

  ConfigReader section(String name) {
    Object value = value(name);
    if (!(value instanceof JsonObject section)) {
      throw new ConfigException(key(name), "missing section");
    }
    return new ConfigReader(section, key(name), read);
  }

  /** Strings too, as environment variables and system properties arrive; checked before narrowing to an int. */
  int integer(String name, int min, int max) {
    Object value = value(name);
    String range = "must be an integer in [" + min + ", " + max + "]";
    BigInteger result = asInteger(value);
    if (result == null || result.compareTo(BigInteger.valueOf(min)) < 0
        || result.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new ConfigException(key(name), range + ", got " + describe(value));
    }
    return result.intValueExact();
  }

  boolean bool(String name) {
    Object value = value(name);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.trim().equals("true") || s.trim().equals("false"))) {
      return Boolean.parseBoolean(s.trim());
    }
    throw new ConfigException(key(name), "must be true or false, got " + describe(value));
  }

  String string(String name) {
    Object value = value(name);
    if (!(value instanceof String s)) {
      throw new ConfigException(key(name), "must be a string, got " + describe(value));
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

  /** A JSON array of strings, or one comma-separated string; items are trimmed and none may be empty. */
  List<String> strings(String name) {
    Object value = value(name);
    List<?> items;
    if (value instanceof String s) {
      items = List.of(s.split(",", -1));
    } else if (value instanceof JsonArray array) {
      items = array.getList();
    } else {
      throw new ConfigException(key(name), "must be a list of strings, got " + describe(value));
    }
    List<String> result = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw new ConfigException(key(name), "must be a list of strings, got item " + describe(item));
      }
      if (s.isBlank()) {
        throw new ConfigException(key(name), "empty item in " + describe(value));
      }
      result.add(s.trim());
    }
    return result;
  }

  /** Call once every record has read its keys: fails naming every key of the tree that none read. */
  void refuseUnread() {
    List<String> unread = new ArrayList<>();
    collectUnread(json, prefix, unread);
    if (!unread.isEmpty()) {
      throw new ConfigException(String.join(", ", unread),
          (unread.size() == 1 ? "unknown key" : "unknown keys") + " (docs/CONFIG.md lists every key)");
    }
  }

  private void collectUnread(JsonObject tree, String at, List<String> unread) {
    for (String name : tree.fieldNames()) {
      String key = at.isEmpty() ? name : at + "." + name;
      if (!read.contains(key)) {
        unread.add(key);
      } else if (tree.getValue(name) instanceof JsonObject section) {
        collectUnread(section, key, unread);
      }
    }
  }

  private Object value(String name) {
    read.add(key(name));
    return json.getValue(name);
  }

  /** Whole numbers only: a fraction (a Double from JSON) is refused rather than cut, a long is never wrapped. */
  private static BigInteger asInteger(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return big;
    }
    if (value instanceof String s) {
      try {
        return new BigInteger(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  String key(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }
}
