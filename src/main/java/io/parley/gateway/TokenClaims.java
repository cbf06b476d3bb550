package io.parley.gateway;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.model.Ids;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a token's header and claims and checks their types and times, before its signature is checked: the JWT
 * library throws {@code ClassCastException} on a claim of a type it does not expect (a string {@code exp}), which
 * left WebSocket upgrades unanswered, so it only ever sees claims that passed here. Everything wrong is
 * {@code UNAUTHORIZED}.
 */
final class TokenClaims {
  /** The only algorithm tokens are signed with; {@code alg=none} and the rest are refused. */
  static final String ALGORITHM = "HS256";
  /** Clock difference tolerated between the node that issued a token and the node checking it. */
  static final int SKEW_SECONDS = 60;
  /** The claim naming the login session a token belongs to, which logout revokes. */
  static final String SESSION = "sid";

  private TokenClaims() {
  }

  /** The user and session a well-formed, unexpired token names; not yet proof that it was signed by us. */
  static Caller caller(String token, long nowSeconds) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw refused("malformed token");
    }
    if (!ALGORITHM.equals(decode(parts[0]).getValue("alg"))) {
      throw refused("token algorithm must be " + ALGORITHM);
    }
    JsonObject claims = decode(parts[1]);
    Long expiresAt = seconds(claims, "exp");
    if (expiresAt == null || expiresAt <= nowSeconds) {
      throw refused(expiresAt == null ? "token has no expiry" : "token expired");
    }
    Long issuedAt = seconds(claims, "iat");
    Long notBefore = seconds(claims, "nbf");
    if (issuedAt != null && issuedAt > nowSeconds + SKEW_SECONDS
        || notBefore != null && notBefore > nowSeconds + SKEW_SECONDS) {
      throw refused("token not valid yet");
    }
    if (!(claims.getValue("sub") instanceof String subject) || !Ids.isId(subject)) {
      throw refused("token subject is not a user id");
    }
    // a token without a session could never be revoked, so those of versions before sessions are refused
    if (!(claims.getValue(SESSION) instanceof String sessionId) || !Ids.isId(sessionId)) {
      throw refused("token has no session: log in again");
    }
    return new Caller(subject, sessionId);
  }

  private static JsonObject decode(String part) {
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw refused("malformed token");
    }
  }

  /** A time claim in whole seconds, or null when absent; any other type (string, fraction, null) is refused. */
  private static Long seconds(JsonObject claims, String key) {
    Object value = claims.getValue(key);
    if (value == null && !claims.containsKey(key)) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      throw refused("token claim " + key + " must be a whole number of seconds");
    }
    return ((Number) value).longValue();
  }

  static ChatException refused(String message) {
    return new ChatException(Failure.UNAUTHORIZED, message);
  }
}
