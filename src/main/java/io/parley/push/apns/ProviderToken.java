package io.parley.push.apns;

import io.parley.push.JwtSigner;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

/**
 * The APNs provider authentication token: an ES256 JWT with {@code kid} the key id, {@code iss} the team id and
 * {@code iat}, signed by the {@code .p8} key. Apple refuses one older than an hour ({@code ExpiredProviderToken}) and
 * one renewed more often than every 20 minutes ({@code TooManyProviderTokenUpdates}), so it is renewed every 40,
 * and earlier only when APNs says it expired and it is at least 20 minutes old.
 */
final class ProviderToken {
  static final long RENEW_MILLIS = 40 * 60_000;
  static final long MIN_AGE_MILLIS = 20 * 60_000;

  private final PrivateKey key;
  private final String keyId;
  private final String teamId;
  private final Clock clock;
  private String token;
  private long issuedAt;

  ProviderToken(PrivateKey key, String keyId, String teamId, Clock clock) {
    this.key = key;
    this.keyId = keyId;
    this.teamId = teamId;
    this.clock = clock;
  }

  /** Blocking: reads the {@code .p8} file (PKCS #8 PEM). */
  static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII)
        .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
  }

  String current() throws GeneralSecurityException {
    long now = clock.millis();
    if (token == null || now - issuedAt >= RENEW_MILLIS) {
      issue(now);
    }
    return token;
  }

  /** APNs said the token expired: renewed, unless that would be sooner than Apple allows. */
  void expired() {
    if (clock.millis() - issuedAt >= MIN_AGE_MILLIS) {
      token = null;
    }
  }

  private void issue(long now) throws GeneralSecurityException {
    token = JwtSigner.ES256.sign(new JsonObject().put("kid", keyId),
        new JsonObject().put("iss", teamId).put("iat", now / 1000), key);
    issuedAt = now;
  }
}
