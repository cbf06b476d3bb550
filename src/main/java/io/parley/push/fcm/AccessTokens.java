package io.parley.push.fcm;

import io.parley.push.JwtSigner;
import io.parley.push.ServiceCall;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;

/**
 * OAuth2 access tokens for FCM from a service account (Google's JWT bearer grant, RFC 7523): an RS256 JWT with
 * {@code iss} the account, {@code scope} firebase.messaging, {@code aud} the key's {@code token_uri}, valid an hour,
 * POSTed to {@code token_uri}. The token is kept until five minutes before it expires, and one request serves every
 * send that needs a token meanwhile.
 */
final class AccessTokens {
  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  private static final long LIFETIME_SECONDS = 3600;
  private static final long RENEW_BEFORE_MILLIS = 5 * 60_000;

  private final ServiceAccount account;
  private final ServiceCall calls;
  private final Clock clock;
  private String token;
  private long expiresAt;
  private Future<String> fetching;

  AccessTokens(ServiceAccount account, ServiceCall calls, Clock clock) {
    this.account = account;
    this.calls = calls;
    this.clock = clock;
  }

  /** A token valid for a while yet; fails when the token endpoint does not give one. */
  Future<String> current() {
    if (token != null && clock.millis() < expiresAt - RENEW_BEFORE_MILLIS) {
      return Future.succeededFuture(token);
    }
    if (fetching != null) {
      return fetching;
    }
    Future<String> started = fetch();
    fetching = started;
    // a fetch that failed before any request completes at once: it must not stay the one in progress
    started.onComplete(done -> {
      if (fetching == started) {
        fetching = null;
      }
    });
    return started;
  }

  /** The service refused the token (401): the next send fetches a new one. */
  void invalidate() {
    token = null;
  }

  private Future<String> fetch() {
    String form;
    try {
      form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
          + "&assertion=" + assertion();
    } catch (GeneralSecurityException e) {
      return Future.failedFuture(e);
    }
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(account.tokenUri())
        .putHeader("Content-Type", "application/x-www-form-urlencoded");
    return calls.send(request, Buffer.buffer(form)).compose(answer -> {
      JsonObject grant = answer.status() == 200 ? answer.body().toJsonObject() : null;
      if (grant == null || !(grant.getValue("access_token") instanceof String accessToken)) {
        return Future.failedFuture("token endpoint answered " + answer.status());
      }
      token = accessToken;
      expiresAt = clock.millis() + grant.getLong("expires_in", LIFETIME_SECONDS) * 1000;
      return Future.succeededFuture(accessToken);
    });
  }

  private String assertion() throws GeneralSecurityException {
    long now = clock.millis() / 1000;
    JsonObject header = new JsonObject().put("typ", "JWT");
    if (!account.keyId().isEmpty()) {
      header.put("kid", account.keyId());
    }
    JsonObject claims = new JsonObject().put("iss", account.clientEmail()).put("scope", SCOPE)
        .put("aud", account.tokenUri()).put("iat", now).put("exp", now + LIFETIME_SECONDS);
    return JwtSigner.RS256.sign(header, claims, account.privateKey());
  }
}
