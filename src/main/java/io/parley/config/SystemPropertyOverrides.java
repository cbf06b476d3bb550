package io.parley.config;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * System properties naming one key each ({@code -Dhttp.port=9090}) as a config tree. Only a property whose first
 * segment is a section of the defaults counts: the JVM, Maven and libraries set their own ({@code java.home},
 * {@code user.dir}, {@code surefire.*}, {@code vertx.*}), which are none of ours. Values stay strings, which the
 * records parse; vertx-config's {@code sys} store would instead guess types (a digits-only {@code auth.jwtSecret}
 * became a number, {@code TRUE} a boolean) and take every property of the JVM as config.
 */
final class SystemPropertyOverrides {
  /**
   * The JDK's own networking properties share the {@code http} section
   * (java.base/java/net/doc-files/net-properties.html); one that is not also a key of ours is left to the JDK.
   */
  private static final Set<String> JDK_HTTP_PROPERTIES = Set.of(
      "http.proxyHost", "http.proxyPort", "http.nonProxyHosts", "http.agent", "http.keepAlive",
      "http.maxConnections", "http.maxRedirects", "http.auth.ntlm.domain", "http.auth.digest.validateServer",
      "http.auth.digest.validateProxy", "http.auth.digest.cnonceRepeat", "http.auth.digest.reEnabledAlgorithms",
      "http.KeepAlive.remainingData", "http.KeepAlive.queuedConnections", "http.keepAlive.time.server",
      "http.keepAlive.time.proxy");

  private SystemPropertyOverrides() {
  }

  static JsonObject tree(JsonObject defaults, Map<String, String> properties) {
    JsonObject tree = new JsonObject();
    properties.forEach((name, value) -> {
      if (counts(defaults, name)) {
        ConfigTree.put(tree, name, value);
      }
    });
    return tree;
  }

  private static boolean counts(JsonObject defaults, String name) {
    String section = name.split("\\.", 2)[0];
    return defaults.getValue(section) instanceof JsonObject
        && (!JDK_HTTP_PROPERTIES.contains(name) || ConfigTree.has(defaults, name));
  }
}
