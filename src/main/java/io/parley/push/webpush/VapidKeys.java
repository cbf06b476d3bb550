package io.parley.push.webpush;

import io.parley.config.WebPushConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * The server's VAPID key pair (RFC 8292): from config when both keys are set, else from {@code vapid.json} in the
 * data directory, generated there on first start. Browsers subscribe with the public key, so it must stay the same
 * across restarts: a new key would orphan every subscription.
 */
public record VapidKeys(ECPublicKey publicKey, ECPrivateKey privateKey) {
  static final String FILE = "vapid.json";

  /** Blocking: may read and write the data directory. */
  public static VapidKeys loadOrCreate(WebPushConfig config, Path dataDir)
      throws IOException, GeneralSecurityException {
    if (!config.vapidPublicKey().isEmpty()) {
      return of(config.vapidPublicKey(), config.vapidPrivateKey());
    }
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      JsonObject keys = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      return of(keys.getString("publicKey"), keys.getString("privateKey"));
    }
    VapidKeys keys = generate();
    Files.createDirectories(dataDir);
    Files.writeString(file, new JsonObject().put("publicKey", keys.publicKeyText())
        .put("privateKey", keys.privateKeyText()).encode(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return keys;
  }

  /** A new pair. */
  public static VapidKeys generate() throws GeneralSecurityException {
    KeyPair pair = P256.generate();
    return new VapidKeys((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
  }

  /** Keys in their base64url raw forms; refused when they are not a P-256 pair. */
  static VapidKeys of(String publicKey, String privateKey) throws GeneralSecurityException {
    try {
      return new VapidKeys(P256.publicKey(P256.fromBase64Url(publicKey)),
          P256.privateKey(P256.fromBase64Url(privateKey)));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("VAPID key is not base64url", e);
    }
  }

  /** The public key as browsers pass it to {@code pushManager.subscribe} as {@code applicationServerKey}. */
  public String publicKeyText() {
    return P256.base64Url(P256.encode(publicKey));
  }

  /** The private key as {@code push.webPushVapidPrivateKey} takes it. */
  public String privateKeyText() {
    return P256.base64Url(P256.encode(privateKey));
  }
}
