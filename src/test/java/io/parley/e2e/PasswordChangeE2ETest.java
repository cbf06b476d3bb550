package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ApiResponse;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("PUT /v1/me/password: needs the current password, revokes every other session, keeps the caller's")
class PasswordChangeE2ETest {
  private static final String NEW_PASSWORD = "a much newer password";

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config.set("auth.loginFreeFailures", 3));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;

  private JsonObject change(String current, String next) {
    return new JsonObject().put("currentPassword", current).put("newPassword", next);
  }

  @Test
  @DisplayName("a change revokes the other sessions (their sockets close with 4401) and keeps the caller's; only the "
      + "new password logs in")
  void changeRevokesOtherSessions() {
    TestUser laptop = api.logIn(alice.username(), alice.password());
    WsClient laptopSocket = server.device(vertx, laptop, "laptop");
    WsClient phoneSocket = server.device(vertx, alice, "phone");

    api.put("/v1/me/password", alice.token(), change(alice.password(), NEW_PASSWORD)).expect(204);

    assertThat(laptopSocket.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4401);
    api.get("/v1/me", laptop.token()).expectError(401, "UNAUTHORIZED");
    api.get("/v1/me", alice.token()).expect(200);
    phoneSocket.expectQuiet(Duration.ofMillis(300));
    assertThat(phoneSocket.isClosed()).as("the caller's own socket stays open").isFalse();
    api.tryLogIn(alice.username(), alice.password()).expectError(401, "UNAUTHORIZED");
    api.logIn(alice.username(), NEW_PASSWORD);
  }

  @Test
  @DisplayName("a wrong current password is 403 WRONG_PASSWORD and changes nothing; repeated, it is throttled as "
      + "logins are")
  void wrongCurrentPassword() {
    TestUser laptop = api.logIn(alice.username(), alice.password());

    api.put("/v1/me/password", alice.token(), change("not the password", NEW_PASSWORD))
        .expectError(403, "WRONG_PASSWORD");

    api.get("/v1/me", laptop.token()).expect(200);
    api.get("/v1/me", alice.token()).expect(200);
    api.tryLogIn(alice.username(), NEW_PASSWORD).expectError(401, "UNAUTHORIZED");
    api.logIn(alice.username(), alice.password());

    api.put("/v1/me/password", alice.token(), change("wrong 2", NEW_PASSWORD)).expectError(403, "WRONG_PASSWORD");
    api.put("/v1/me/password", alice.token(), change("wrong 3", NEW_PASSWORD)).expectError(403, "WRONG_PASSWORD");
    api.put("/v1/me/password", alice.token(), change("wrong 4", NEW_PASSWORD)).expectError(403, "WRONG_PASSWORD");
    ApiResponse throttled = api.put("/v1/me/password", alice.token(), change(alice.password(), NEW_PASSWORD));
    throttled.expectError(429, "RATE_LIMITED");
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).isPositive();
    api.tryLogIn(alice.username(), alice.password()).expectError(429, "RATE_LIMITED");
    api.get("/v1/me", alice.token()).expect(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"newPassword\": \"long enough new\"}",
      "{\"currentPassword\": \"correct horse battery\"}",
      "{\"currentPassword\": 5, \"newPassword\": \"long enough new\"}",
      "{\"currentPassword\": \"correct horse battery\", \"newPassword\": [\"long enough new\"]}",
      "{\"currentPassword\": \"correct horse battery\", \"newPassword\": \"short\"}",
      "{\"currentPassword\": \"\", \"newPassword\": \"long enough new\"}"})
  @DisplayName("missing, wrongly typed or out-of-range fields are 400 INVALID and change nothing")
  void badFields(String body) {
    api.put("/v1/me/password", alice.token(), body).expectError(400, "INVALID");
    api.logIn(alice.username(), alice.password());
  }

  @Test
  @DisplayName("no body or not JSON is 400 INVALID_JSON; no token is 401")
  void noBody() {
    api.put("/v1/me/password", alice.token(), null).expectError(400, "INVALID_JSON");
    api.put("/v1/me/password", alice.token(), "not json").expectError(400, "INVALID_JSON");
    api.put("/v1/me/password", null, change(alice.password(), NEW_PASSWORD)).expectError(401, "UNAUTHORIZED");
    api.logIn(alice.username(), alice.password());
  }
}
