package io.parley.e2e.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-friendly settings for a node under test, as dotted keys ({@code presence.offlineAfterSeconds}) so the same
 * overrides feed an in-process {@code ChatConfig} tree and a separate process's {@code -D} flags.
 */
public final class TestConfig {
  /** The HMAC key every test node signs tokens with; tests forge tokens with it. */
  public static final String JWT_SECRET = "parley-e2e-secret-0123456789-abcdefghij";

  private final Map<String, Object> overrides = new LinkedHashMap<>();

  private TestConfig() {
  }

  /**
   * Fast password hashing, a known token key, loopback only, and no message or per-address login limit worth hitting:
   * every test logs in from 127.0.0.1.
   */
  public static TestConfig defaults() {
    return new TestConfig()
        .set("http.host", "127.0.0.1")
        .set("auth.jwtSecret", JWT_SECRET)
        .set("auth.passwordIterations", 1000)
        .set("auth.loginMaxFailuresPerAddress", 1_000_000)
        .set("gateway.messagesPerSecond", 100_000)
        .set("gateway.messageBurst", 100_000);
  }

  public TestConfig set(String dottedKey, Object value) {
    overrides.put(dottedKey, value);
    return this;
  }

  /** An independent copy, so a node's own port and data directory never leak into a shared config. */
  public TestConfig copy() {
    TestConfig copy = new TestConfig();
    copy.overrides.putAll(overrides);
    return copy;
  }

  public Map<String, Object> overrides() {
    return Map.copyOf(overrides);
  }

  /** The shipped {@code conf/config.json} with every override applied. */
  public JsonObject toJson() {
    JsonObject tree = shippedDefaults();
    overrides.forEach((key, value) -> put(tree, key, value));
    return tree;
  }

  /** The overrides as JVM flags for {@code io.parley.Main}. */
  public java.util.List<String> toSystemProperties() {
    return overrides.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
  }

  @Override
  public String toString() {
    return overrides.toString();
  }

  private static void put(JsonObject tree, String dottedKey, Object value) {
    String[] path = dottedKey.split("\\.");
    JsonObject section = tree;
    for (int i = 0; i < path.length - 1; i++) {
      if (section.getJsonObject(path[i]) == null) {
        section.put(path[i], new JsonObject());
      }
      section = section.getJsonObject(path[i]);
    }
    section.put(path[path.length - 1], value);
  }

  private static JsonObject shippedDefaults() {
    try (InputStream in = TestConfig.class.getResourceAsStream("/conf/config.json")) {
      if (in == null) {
        throw new IllegalStateException("conf/config.json is not on the test classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
