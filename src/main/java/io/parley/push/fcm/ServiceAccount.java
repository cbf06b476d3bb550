package io.parley.push.fcm;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A Google service-account key, the JSON file the Firebase console hands out (Project settings, Service accounts,
 * Generate new private key).
 *
 * @param projectId   the Firebase project messages are sent as
 * @param clientEmail the account, the JWT's {@code iss}
 * @param keyId       {@code private_key_id}, the JWT's {@code kid}
 * @param privateKey  the RSA key the JWT is signed with
 * @param tokenUri    where the signed JWT is exchanged for an access token
 */
public record ServiceAccount(String projectId, String clientEmail, String keyId, PrivateKey privateKey,
    String tokenUri) {

  /** Blocking: reads the file. */
  public static ServiceAccount load(Path file) throws IOException, GeneralSecurityException {
    return parse(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
  }

  static ServiceAccount parse(JsonObject json) throws GeneralSecurityException {
    for (String field : new String[] {"project_id", "client_email", "private_key", "token_uri"}) {
      if (!(json.getValue(field) instanceof String value) || value.isBlank()) {
        throw new GeneralSecurityException("service-account key has no " + field);
      }
    }
    String pem = json.getString("private_key").replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
        Base64.getDecoder().decode(pem)));
    return new ServiceAccount(json.getString("project_id"), json.getString("client_email"),
        json.getString("private_key_id", ""), key, json.getString("token_uri"));
  }
}
