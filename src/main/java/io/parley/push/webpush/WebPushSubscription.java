package io.parley.push.webpush;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;

/**
 * A browser's {@code PushSubscription} (its {@code toJSON()}): where to POST, and the keys to encrypt for. Stored as
 * a device's push token in the compact form {@code {"endpoint":..,"p256dh":..,"auth":..}}.
 *
 * @param endpoint the push service URL the browser was given
 * @param p256dh   the browser's P-256 public key, 65 bytes
 * @param auth     the browser's authentication secret, 16 bytes
 */
public record WebPushSubscription(URI endpoint, byte[] p256dh, byte[] auth) {

  /**
   * Reads {@code {"endpoint": "https://..", "keys": {"p256dh": .., "auth": ..}}} as a browser gives it
   * ({@code expirationTime} and other members are ignored); refused with the reason as an
   * {@link IllegalArgumentException} otherwise.
   */
  public static WebPushSubscription fromBrowser(JsonObject subscription, boolean allowHttp) {
    if (subscription == null || !(subscription.getValue("endpoint") instanceof String endpoint)
        || !(subscription.getValue("keys") instanceof JsonObject keys)) {
      throw new IllegalArgumentException("subscription needs endpoint and keys");
    }
    return parse(endpoint, keys.getValue("p256dh"), keys.getValue("auth"), allowHttp);
  }

  /** From the stored token. */
  public static WebPushSubscription fromToken(String token) {
    JsonObject json = new JsonObject(token);
    return parse(json.getString("endpoint"), json.getString("p256dh"), json.getString("auth"), true);
  }

  public String toToken() {
    return new JsonObject().put("endpoint", endpoint.toString()).put("p256dh", P256.base64Url(p256dh))
        .put("auth", P256.base64Url(auth)).encode();
  }

  /** {@code scheme://host[:port]}, the VAPID audience. */
  String origin() {
    return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
  }

  private static WebPushSubscription parse(String endpoint, Object p256dh, Object auth, boolean allowHttp) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("subscription endpoint is not a URL");
    }
    boolean https = "https".equals(uri.getScheme());
    if (!(https || allowHttp && "http".equals(uri.getScheme())) || uri.getHost() == null || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("subscription endpoint must be an https URL with a host");
    }
    if (!(p256dh instanceof String key) || !(auth instanceof String secret)) {
      throw new IllegalArgumentException("subscription keys need p256dh and auth");
    }
    byte[] publicKey = decode(key, "p256dh");
    byte[] authSecret = decode(secret, "auth");
    try {
      P256.publicKey(publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("subscription p256dh is not a P-256 public key");
    }
    if (authSecret.length != 16) {
      throw new IllegalArgumentException("subscription auth must be 16 bytes");
    }
    return new WebPushSubscription(uri, publicKey, authSecret);
  }

  private static byte[] decode(String text, String name) {
    try {
      return P256.fromBase64Url(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("subscription " + name + " is not base64url");
    }
  }
}
