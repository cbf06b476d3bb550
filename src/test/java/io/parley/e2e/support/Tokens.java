package io.parley.e2e.support;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** Forged and altered JWTs, made by hand with {@code javax.crypto} as an attacker (or a bug) would make them. */
public final class Tokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

  private Tokens() {
  }

  /** The claims of a real token, so forgeries keep every claim the server put there. */
  public static JsonObject claims(String token) {
    return new JsonObject(new String(B64_DECODE.decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /** An HS256 token over {@code claims}, signed with {@code secret}. */
  public static String signHs256(JsonObject claims, String secret) {
    String signingInput = encode(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + encode(claims);
    return signingInput + "." + B64.encodeToString(hmac(signingInput, secret));
  }

  /** An unsigned token: header {@code {"alg":"none"}} and an empty signature. */
  public static String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims) + ".";
  }

  /** The real token with its claims replaced but its original signature kept. */
  public static String tampered(String token, JsonObject claims) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + encode(claims) + "." + parts[2];
  }

  public static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  private static String encode(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(String input, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
