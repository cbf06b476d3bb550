package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Tokens;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(VertxExtension.class)
@DisplayName("Tokens: bad, expired, tampered and unsigned tokens are refused on HTTP and before the WebSocket upgrade")
class TokensE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private ApiClient api;
  @Injected private TestUser victim;
  @Injected private TestUser other;
  @Injected private Vertx vertx;

  /** Each way a token can be wrong, made from the victim's real token. */
  enum BadToken {
    MISSING, GARBAGE, ALG_NONE, OTHER_SECRET, EXPIRED, TAMPERED_SUBJECT;

    String make(TestUser victim, TestUser other, String secret) {
      JsonObject claims = Tokens.claims(victim.token());
      long now = Tokens.nowSeconds();
      return switch (this) {
        case MISSING -> null;
        case GARBAGE -> "not-a-jwt";
        case ALG_NONE -> Tokens.unsigned(claims);
        case OTHER_SECRET -> Tokens.signHs256(claims, "another-secret-of-enough-length-0123456789");
        case EXPIRED -> Tokens.signHs256(claims.copy().put("iat", now - 7200).put("exp", now - 3600), secret);
        case TAMPERED_SUBJECT -> Tokens.tampered(victim.token(), claims.copy().put("sub", other.userId()));
      };
    }
  }


  @Test
  @DisplayName("control: the real claims re-signed with the configured secret are accepted, so the forger is sound")
  void resignedRealClaimsAreAccepted() {
    String resigned = Tokens.signHs256(Tokens.claims(victim.token()), server.jwtSecret());
    assertThat(api.get("/v1/me", resigned).expect(200).getString("userId")).isEqualTo(victim.userId());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(BadToken.class)
  @DisplayName("HTTP with a bad token is 401 UNAUTHORIZED")
  void httpRefusesBadToken(BadToken kind) {
    api.get("/v1/me", kind.make(victim, other, server.jwtSecret())).expectError(401, "UNAUTHORIZED");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(BadToken.class)
  @DisplayName("WebSocket with a bad token in the header is refused before the upgrade with 401")
  void webSocketRefusesBadHeaderToken(BadToken kind) {
    String token = kind.make(victim, other, server.jwtSecret());
    expectRefused("/v1/ws?deviceId=phone", token == null ? null : "Bearer " + token, 401, "UNAUTHORIZED");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @EnumSource(value = BadToken.class, names = "MISSING", mode = EnumSource.Mode.EXCLUDE)
  @DisplayName("WebSocket with a bad token in the query is refused before the upgrade with 401")
  void webSocketRefusesBadQueryToken(BadToken kind) {
    String token = URLEncoder.encode(kind.make(victim, other, server.jwtSecret()), StandardCharsets.UTF_8);
    expectRefused("/v1/ws?deviceId=phone&token=" + token, null, 401, "UNAUTHORIZED");
  }

  @Test
  @DisplayName("the token may travel as the token query parameter, and the welcome names user and device")
  void queryTokenIsAccepted() {
    try (WsClient ws = WsClient.connect(vertx, server.port(), "/v1/ws?deviceId=browser-1&token=" + victim.token(), null)) {
      assertThat(ws.welcome().getString("userId")).isEqualTo(victim.userId());
      assertThat(ws.welcome().getString("deviceId")).isEqualTo("browser-1");
    }
  }

  @ParameterizedTest(name = "deviceId={0}")
  @ValueSource(strings = {"", "bad%20id", "has/slash", "x12345678901234567890123456789012345678901234567890123456789012345"})
  @DisplayName("a missing or malformed deviceId is refused before the upgrade with 400")
  void badDeviceId(String deviceId) {
    String uri = deviceId.isEmpty() ? "/v1/ws" : "/v1/ws?deviceId=" + deviceId;
    expectRefused(uri, "Bearer " + victim.token(), 400, "INVALID");
  }

  private void expectRefused(String uri, String authorization, int status, String code) {
    Throwable failure = catchThrowable(() -> WsClient.attempt(vertx, server.port(), uri, authorization)
        .await(10, TimeUnit.SECONDS));
    assertThat(failure).as("upgrade of %s", uri).isInstanceOf(UpgradeRejectedException.class);
    UpgradeRejectedException refusal = (UpgradeRejectedException) failure;
    assertThat(refusal.getStatus()).isEqualTo(status);
    assertThat(refusal.getBody()).as("error body of the refused upgrade").isNotNull();
    assertThat(refusal.getBody().toJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
  }
}
