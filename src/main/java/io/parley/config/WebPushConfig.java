package io.parley.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292), read from flat {@code push.webPush*} keys so that one environment
 * variable can set each ({@code PARLEY_PUSH_WEB_PUSH_VAPID_PRIVATE_KEY}). Read on every start, enabled or not.
 *
 * @param enabled            deliver to {@code webpush} devices
 * @param subject            the VAPID {@code sub} claim: a {@code mailto:} or {@code https:} contact for the push
 *                           service's operators
 * @param vapidPublicKey     the server's P-256 public key, base64url of the 65-byte uncompressed point; empty with
 *                           {@code vapidPrivateKey} empty: a pair generated into the data directory on first start
 * @param vapidPrivateKey    the matching private key, base64url of the 32-byte scalar
 * @param allowHttpEndpoints accept subscription endpoints over plain {@code http:} (only for local test servers)
 */
public record WebPushConfig(boolean enabled, String subject, String vapidPublicKey, String vapidPrivateKey,
    boolean allowHttpEndpoints) {
  static WebPushConfig from(ConfigReader reader) {
    WebPushConfig config = new WebPushConfig(reader.bool("webPushEnabled"), reader.string("webPushSubject"),
        reader.string("webPushVapidPublicKey"), reader.string("webPushVapidPrivateKey"),
        reader.bool("webPushAllowHttpEndpoints"));
    if (!isContact(config.subject)) {
      throw new ConfigException("push.webPushSubject", "must be a mailto: or https: URI, got '" + config.subject + "'");
    }
    if (config.vapidPublicKey.isEmpty() != config.vapidPrivateKey.isEmpty()) {
      throw new ConfigException("push.webPushVapidPrivateKey", "set both VAPID keys or neither");
    }
    return config;
  }

  private static boolean isContact(String subject) {
    try {
      String scheme = new URI(subject).getScheme();
      return "mailto".equals(scheme) || "https".equals(scheme);
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
