package io.parley.push;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs a JWT in compact form (RFC 7515/7519) with the JDK's own signatures: ES256 for the APNs provider token and
 * VAPID, RS256 for the Google OAuth grant. ES256 takes the raw {@code r || s} form JWS needs (RFC 7518 3.4), not DER.
 */
public enum JwtSigner {
  ES256("SHA256withECDSAinP1363Format"),
  RS256("SHA256withRSA");

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String jcaAlgorithm;

  JwtSigner(String jcaAlgorithm) {
    this.jcaAlgorithm = jcaAlgorithm;
  }

  /** {@code header.claims.signature}, the header given {@code alg}. */
  public String sign(JsonObject header, JsonObject claims, PrivateKey key) throws GeneralSecurityException {
    String signingInput = encode(header.copy().put("alg", name())) + "." + encode(claims);
    Signature signer = Signature.getInstance(jcaAlgorithm);
    signer.initSign(key);
    signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + BASE64URL.encodeToString(signer.sign());
  }

  private static String encode(JsonObject part) {
    return BASE64URL.encodeToString(part.encode().getBytes(StandardCharsets.UTF_8));
  }
}
