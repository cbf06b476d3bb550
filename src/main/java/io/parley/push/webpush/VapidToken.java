package io.parley.push.webpush;

import io.parley.push.JwtSigner;
import io.parley.util.BoundedMap;
import io.vertx.core.json.JsonObject;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;

/**
 * The VAPID {@code Authorization} header (RFC 8292): {@code vapid t=<ES256 JWT>, k=<public key>}, the JWT's
 * {@code aud} the push service's origin, {@code exp} 12 hours on (the limit is 24), {@code sub} the operator contact.
 * One token per origin is reused until an hour before it expires, so a burst of sends signs once.
 */
final class VapidToken {
  private static final long LIFETIME_SECONDS = 12 * 3600;
  private static final long RENEW_BEFORE_SECONDS = 3600;
  /** Real push services are a handful of origins; endpoints are user input, so the cache is bounded all the same. */
  private static final int MAX_ORIGINS = 1000;

  private record Issued(String header, long expiresAt) {
  }

  private final VapidKeys keys;
  private final String subject;
  private final Clock clock;
  private final Map<String, Issued> byOrigin = BoundedMap.insertionOrdered(MAX_ORIGINS);

  VapidToken(VapidKeys keys, String subject, Clock clock) {
    this.keys = keys;
    this.subject = subject;
    this.clock = clock;
  }

  /** The header value for a request to {@code origin} ({@code scheme://host[:port]}). */
  String authorization(String origin) throws GeneralSecurityException {
    long now = clock.millis() / 1000;
    Issued issued = byOrigin.get(origin);
    if (issued == null || issued.expiresAt - RENEW_BEFORE_SECONDS <= now) {
      long expiresAt = now + LIFETIME_SECONDS;
      issued = new Issued("vapid t=" + jwt(origin, expiresAt) + ", k=" + keys.publicKeyText(), expiresAt);
      byOrigin.put(origin, issued);
    }
    return issued.header;
  }

  private String jwt(String audience, long expiresAt) throws GeneralSecurityException {
    return JwtSigner.ES256.sign(new JsonObject().put("typ", "JWT"),
        new JsonObject().put("aud", audience).put("exp", expiresAt).put("sub", subject), keys.privateKey());
  }
}
