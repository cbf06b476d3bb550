package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Tokens;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tokens signed with the node's own key (so only the claims are wrong) are refused with 401 on HTTP and at the
 * WebSocket upgrade, promptly; a well-formed token made the same way is accepted in the same test.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Tokens: validly signed tokens with odd claims are refused with 401, never accepted, hung or 500")
class TokenClaimsE2ETest {
  /** Long enough for a slow CI machine, far shorter than the 30 s a hung upgrade would wait. */
  private static final long PROMPT_SECONDS = 5;

  @RegisterExtension
  static final TestServer server = TestServer.shared();

  private Vertx vertx;
  private ApiClient api;
  private TestUser user;

  /** Each odd claim, applied to well-formed claims of a real user ({@code sub}, its {@code sid}, {@code iat} now, {@code exp} in 1 h). */
  enum OddClaim {
    SUB_UNKNOWN_USER((c, now) -> c.put("sub", "0000000000000001")),
    SUB_NUMBER((c, now) -> c.put("sub", 12345)),
    SUB_ARRAY((c, now) -> c.put("sub", new JsonArray().add(c.getString("sub")))),
    SUB_OBJECT((c, now) -> c.put("sub", new JsonObject().put("id", c.getString("sub")))),
    SUB_PATH((c, now) -> c.put("sub", "../../admin")),
    SUB_UPPER_CASE((c, now) -> c.put("sub", c.getString("sub").toUpperCase())),
    SUB_EMPTY((c, now) -> c.put("sub", "")),
    SUB_NULL((c, now) -> c.putNull("sub")),
    SUB_MISSING((c, now) -> without(c, "sub")),
    EXP_STRING((c, now) -> c.put("exp", String.valueOf(now + 3600))),
    EXP_FRACTION((c, now) -> c.put("exp", now + 3600.5)),
    EXP_BOOLEAN((c, now) -> c.put("exp", true)),
    EXP_MISSING((c, now) -> without(c, "exp")),
    EXP_PAST((c, now) -> c.put("exp", now - 60)),
    IAT_STRING((c, now) -> c.put("iat", String.valueOf(now))),
    IAT_ARRAY((c, now) -> c.put("iat", new JsonArray().add(now))),
    IAT_FUTURE((c, now) -> c.put("iat", now + 3600)),
    NBF_STRING((c, now) -> c.put("nbf", String.valueOf(now))),
    NBF_FUTURE((c, now) -> c.put("nbf", now + 3600)),
    SID_MISSING((c, now) -> without(c, "sid")),
    SID_NUMBER((c, now) -> c.put("sid", 7)),
    SID_MALFORMED((c, now) -> c.put("sid", "not-a-session")),
    SID_UNKNOWN((c, now) -> c.put("sid", "0000000000000001"));

    private final BiFunction<JsonObject, Long, JsonObject> change;

    OddClaim(BiFunction<JsonObject, Long, JsonObject> change) {
      this.change = change;
    }

    JsonObject apply(JsonObject claims, long now) {
      return change.apply(claims.copy(), now);
    }

    private static JsonObject without(JsonObject claims, String key) {
      claims.remove(key);
      return claims;
    }
  }

  @BeforeEach
  void user(Vertx vertx) {
    this.vertx = vertx;
    api = server.api(vertx);
    user = api.newUser("claims");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(OddClaim.class)
  @DisplayName("GET /v1/me and the WebSocket upgrade answer 401 UNAUTHORIZED; the same token made well-formed passes")
  void oddClaimIsRefused(OddClaim odd) {
    expectAccepted(sign(wellFormed()));
    String token = sign(odd.apply(wellFormed(), Tokens.nowSeconds()));
    api.get("/v1/me", token).expectError(401, "UNAUTHORIZED");
    expectUpgradeRefused(token);
  }

  @Test
  @DisplayName("claims the server does not use (aud, scope, custom) are harmless: the token is accepted")
  void otherClaimsAreHarmless() {
    JsonObject claims = wellFormed().put("aud", 5).put("scope", new JsonArray().add("admin"))
        .put("custom", new JsonObject().put("nested", true)).put("jti", 7);
    expectAccepted(sign(claims));
  }

  private JsonObject wellFormed() {
    long now = Tokens.nowSeconds();
    return new JsonObject().put("sub", user.userId()).put("sid", Tokens.claims(user.token()).getString("sid"))
        .put("iat", now).put("exp", now + 3600);
  }

  private String sign(JsonObject claims) {
    return Tokens.signHs256(claims, server.jwtSecret());
  }

  private void expectAccepted(String token) {
    assertThat(api.get("/v1/me", token).expect(200).getString("userId")).isEqualTo(user.userId());
    try (WsClient ws = WsClient.connect(vertx, server.port(), "/v1/ws?deviceId=claims", "Bearer " + token)) {
      assertThat(ws.welcome().getString("userId")).isEqualTo(user.userId());
    }
  }

  private void expectUpgradeRefused(String token) {
    Throwable failure = catchThrowable(() -> WsClient.attempt(vertx, server.port(), "/v1/ws?deviceId=claims",
        "Bearer " + token).await(PROMPT_SECONDS, TimeUnit.SECONDS));
    assertThat(failure).as("upgrade with odd claims").isInstanceOf(UpgradeRejectedException.class);
    UpgradeRejectedException refusal = (UpgradeRejectedException) failure;
    assertThat(refusal.getStatus()).isEqualTo(401);
    assertThat(refusal.getBody().toJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNAUTHORIZED");
  }
}
