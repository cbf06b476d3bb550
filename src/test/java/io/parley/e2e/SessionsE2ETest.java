package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Tokens;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(VertxExtension.class)
@DisplayName("Sessions: logout revokes a session's tokens and closes its sockets (4401), renew, list and revoke by id")
class SessionsE2ETest {
  private static final int OFFLINE_AFTER_SECONDS = 2;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("presence.heartbeatIntervalSeconds", 1)
      .set("presence.offlineAfterSeconds", OFFLINE_AFTER_SECONDS));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("logout: the token is refused on HTTP and at the upgrade, its socket closes with 4401, another "
      + "session of the same user keeps working, and logging out twice is 401")
  void logout() {
    TestUser laptop = api.logIn(alice.username(), alice.password());
    WsClient phoneSocket = server.device(vertx, alice, "phone");
    WsClient laptopSocket = server.device(vertx, laptop, "laptop");
    api.get("/v1/me", alice.token()).expect(200);

    api.delete("/v1/sessions/current", alice.token()).expect(204);

    assertThat(phoneSocket.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4401);
    api.get("/v1/me", alice.token()).expectError(401, "UNAUTHORIZED");
    expectUpgradeRefused(vertx, server.port(), alice.token());
    api.delete("/v1/sessions/current", alice.token()).expectError(401, "UNAUTHORIZED");
    api.get("/v1/me", laptop.token()).expect(200);
    laptopSocket.expectQuiet(Duration.ofMillis(300));
    assertThat(laptopSocket.isClosed()).as("control: the other session's socket stays open").isFalse();
    assertThat(server.device(vertx, laptop, "laptop-2").welcome().getString("userId")).isEqualTo(alice.userId());
    assertThat(api.logIn(alice.username(), alice.password()).token()).as("logging in again works").isNotNull();
  }

  @Test
  @DisplayName("a friend sees the user offline once logout closed the user's last device, and not before")
  void logoutShowsOfflineWhenNoDeviceIsLeft() {
    api.befriend(alice, bob);
    WsClient bobWatching = server.device(vertx, bob, "phone");
    server.device(vertx, alice, "phone");
    bobWatching.next("presence", about(alice, true));

    api.delete("/v1/sessions/current", alice.token()).expect(204);

    bobWatching.next("presence", about(alice, false));
    assertThat(api.friendsOf(bob).getJsonObject(0).getBoolean("online")).isFalse();
  }

  @Test
  @DisplayName("renew: a new token for the same session with a later expiry, without the password; none once revoked")
  void renew() throws InterruptedException {
    JsonObject before = Tokens.claims(alice.token());
    Thread.sleep(1100);

    JsonObject renewed = api.post("/v1/sessions/current/renew", alice.token(), null).expect(200);

    assertThat(renewed.getString("userId")).isEqualTo(alice.userId());
    assertThat(renewed.getString("sessionId")).isEqualTo(before.getString("sid"));
    assertThat(renewed.getLong("expiresAt")).isGreaterThan(before.getLong("exp") * 1000);
    String token = renewed.getString("token");
    assertThat(Tokens.claims(token).getLong("exp")).isGreaterThan(before.getLong("exp"));
    api.get("/v1/me", token).expect(200);
    // the session's older token stays good until its own expiry: renewing is not revoking
    api.get("/v1/me", alice.token()).expect(200);

    api.delete("/v1/sessions/current", token).expect(204);
    api.get("/v1/me", alice.token()).expectError(401, "UNAUTHORIZED");
    api.post("/v1/sessions/current/renew", token, null).expectError(401, "UNAUTHORIZED");
    api.post("/v1/sessions/current/renew", null, null).expectError(401, "UNAUTHORIZED");
  }

  @Test
  @DisplayName("list: the caller's live sessions, oldest first, the current one marked; revoking another by id")
  void listAndRevokeById() {
    TestUser laptop = api.logIn(alice.username(), alice.password());
    WsClient laptopSocket = server.device(vertx, laptop, "laptop");
    String phoneSession = Tokens.claims(alice.token()).getString("sid");
    String laptopSession = Tokens.claims(laptop.token()).getString("sid");

    JsonArray sessions = api.get("/v1/sessions", alice.token()).expect(200).getJsonArray("sessions");
    assertThat(sessions.stream().map(JsonObject.class::cast).map(s -> s.getString("sessionId")))
        .containsExactly(phoneSession, laptopSession);
    assertThat(sessions.getJsonObject(0).getBoolean("current")).isTrue();
    assertThat(sessions.getJsonObject(1).getBoolean("current")).isFalse();
    assertThat(sessions.getJsonObject(1).getLong("expiresAt")).isGreaterThan(System.currentTimeMillis());
    assertThat(api.get("/v1/sessions", bob.token()).expect(200).getJsonArray("sessions")).as("only one's own")
        .hasSize(1);

    api.delete("/v1/sessions/" + laptopSession, alice.token()).expect(204);

    assertThat(laptopSocket.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4401);
    api.get("/v1/me", laptop.token()).expectError(401, "UNAUTHORIZED");
    api.get("/v1/me", alice.token()).expect(200);
    assertThat(api.get("/v1/sessions", alice.token()).expect(200).getJsonArray("sessions")).hasSize(1);
  }

  @Test
  @DisplayName("revoking a session that is not the caller's, unknown, already revoked or malformed fails and "
      + "changes nothing")
  void revokeBadIds() {
    TestUser laptop = api.logIn(alice.username(), alice.password());
    String laptopSession = Tokens.claims(laptop.token()).getString("sid");
    String bobSession = Tokens.claims(bob.token()).getString("sid");

    api.delete("/v1/sessions/" + bobSession, alice.token()).expectError(404, "NOT_FOUND");
    api.delete("/v1/sessions/0000000000000001", alice.token()).expectError(404, "NOT_FOUND");
    api.delete("/v1/sessions/not-an-id", alice.token()).expectError(400, "INVALID");
    api.delete("/v1/sessions/" + laptopSession.toUpperCase(), alice.token()).expectError(400, "INVALID");
    api.get("/v1/me", bob.token()).expect(200);
    api.get("/v1/me", laptop.token()).expect(200);

    api.delete("/v1/sessions/" + laptopSession, alice.token()).expect(204);
    api.delete("/v1/sessions/" + laptopSession, alice.token()).expectError(404, "NOT_FOUND");
  }

  static void expectUpgradeRefused(Vertx vertx, int port, String token) {
    Throwable failure = catchThrowable(() -> WsClient.attempt(vertx, port, "/v1/ws?deviceId=again",
        "Bearer " + token).await(10, TimeUnit.SECONDS));
    assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
    UpgradeRejectedException refusal = (UpgradeRejectedException) failure;
    assertThat(refusal.getStatus()).isEqualTo(401);
    assertThat(refusal.getBody().toJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNAUTHORIZED");
  }

  static Predicate<JsonObject> about(TestUser user, boolean online) {
    return frame -> "presence".equals(frame.getString("type")) && frame.getJsonArray("users").stream()
        .map(JsonObject.class::cast)
        .anyMatch(entry -> user.userId().equals(entry.getString("userId")) && entry.getBoolean("online") == online);
  }
}
