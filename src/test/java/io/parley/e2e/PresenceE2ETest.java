package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Presence: online on connect, offline only after silence, pushed to friends")
class PresenceE2ETest {
  private static final int HEARTBEAT_MS = 1000;
  private static final int OFFLINE_AFTER_MS = 2000;
  /** Longer than the offline delay plus any sweep granularity: a flip would have been seen by then. */
  private static final Duration GRACE_WATCH = Duration.ofMillis(2 * OFFLINE_AFTER_MS);

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("presence.heartbeatIntervalSeconds", HEARTBEAT_MS / 1000)
      .set("presence.offlineAfterSeconds", OFFLINE_AFTER_MS / 1000));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  private WsClient aliceWatching;

  @BeforeEach
  void friendsWithAliceOnline() {
    api.befriend(alice, bob);
    aliceWatching = server.device(vertx, alice, "phone");
  }

  @Test
  @DisplayName("the welcome asks for heartbeats at the configured interval")
  void heartbeatInterval() {
    assertThat(aliceWatching.welcome().getLong("heartbeatInterval")).isEqualTo((long) HEARTBEAT_MS);
  }

  @Test
  @DisplayName("a friend connecting shows online to an online friend, and to nobody else")
  void onlineOnConnect() {
    TestUser carol = api.newUser("carol");
    WsClient carolWatching = server.device(vertx, carol, "phone");
    server.device(vertx, bob, "phone");
    aliceWatching.next("presence", about(bob, true));
    carolWatching.expectNone(about(bob, true).or(about(bob, false)), Duration.ofMillis(500));
  }

  @Test
  @DisplayName("presence goes to accepted friends only: a user whose request is pending gets none until accepted")
  void pendingRequestGetsNoPresence() {
    TestUser carol = api.newUser("carol");
    api.post("/v1/friend-requests/" + bob.userId(), carol.token(), null).expect(201);
    WsClient carolWatching = server.device(vertx, carol, "phone");
    server.device(vertx, bob, "phone");
    aliceWatching.next("presence", about(bob, true));
    carolWatching.expectNone(about(bob, true), Duration.ofMillis(500));
    assertThat(api.friendsOf(carol)).isEmpty();

    api.post("/v1/friend-requests/" + carol.userId() + "/accept", bob.token(), null).expect(200);
    assertThat(friend(carol, bob).getValue("online")).as("once accepted").isEqualTo(true);
  }

  @Test
  @DisplayName("a friend who is blocked gets no presence any more, while other friends still do")
  void blockedFriendGetsNoPresence() {
    TestUser carol = api.newUser("carol");
    api.befriend(carol, bob);
    api.put("/v1/blocks/" + carol.userId(), bob.token(), null).expect(204);
    WsClient carolWatching = server.device(vertx, carol, "phone");
    server.device(vertx, bob, "phone");
    aliceWatching.next("presence", about(bob, true));
    carolWatching.expectNone(about(bob, true), Duration.ofMillis(500));
    assertThat(api.friendsOf(carol)).isEmpty();
    assertThat(api.friendsOf(bob).stream().map(f -> ((JsonObject) f).getString("userId")))
        .containsExactly(alice.userId());
  }

  @Test
  @DisplayName("after the last device goes silent, offline follows offlineAfterSeconds later, not sooner")
  void offlineAfterSilence() {
    WsClient bobPhone = server.device(vertx, bob, "phone");
    aliceWatching.next("presence", about(bob, true));
    bobPhone.heartbeat();
    long lastHeard = System.currentTimeMillis();
    bobPhone.close();

    JsonObject offline = entryFor(aliceWatching.next("presence", about(bob, false)), bob);
    long shownAfter = System.currentTimeMillis() - lastHeard;
    assertThat(shownAfter).as("ms from last heartbeat to offline").isGreaterThanOrEqualTo(OFFLINE_AFTER_MS - 500);
    // the protocol gives no precision for lastActiveAt; one heartbeat interval of batching is allowed
    assertThat(offline.getLong("lastActiveAt")).isBetween(lastHeard - 1500, lastHeard + HEARTBEAT_MS + 500);

    JsonObject listed = friend(alice, bob);
    assertThat(listed.getValue("online")).isEqualTo(false);
    assertThat(listed.getLong("lastActiveAt")).isEqualTo(offline.getLong("lastActiveAt"));
  }

  @Test
  @DisplayName("a quick reconnect inside the grace period never shows offline")
  void quickReconnect() {
    WsClient bobPhone = server.device(vertx, bob, "phone");
    aliceWatching.next("presence", about(bob, true));
    bobPhone.close();
    server.device(vertx, bob, "phone");
    aliceWatching.expectNone(about(bob, false), GRACE_WATCH);
    assertThat(friend(alice, bob).getValue("online")).isEqualTo(true);
  }

  @Test
  @DisplayName("a user stays online while any device heartbeats")
  void onlineWhileAnyDevice() {
    WsClient bobPhone = server.device(vertx, bob, "phone");
    server.device(vertx, bob, "laptop");
    aliceWatching.next("presence", about(bob, true));
    bobPhone.close();
    aliceWatching.expectNone(about(bob, false), GRACE_WATCH);
    assertThat(friend(alice, bob).getValue("online")).isEqualTo(true);
  }

  @Test
  @DisplayName("GET /v1/friends shows a connected friend online with a recent lastActiveAt")
  void friendsListShowsPresence() throws InterruptedException {
    long before = System.currentTimeMillis();
    server.device(vertx, bob, "phone");
    aliceWatching.next("presence", about(bob, true));
    Thread.sleep(1200);
    JsonObject listed = friend(alice, bob);
    assertThat(listed.getValue("online")).isEqualTo(true);
    assertThat(listed.getLong("lastActiveAt")).isBetween(before - 1000, System.currentTimeMillis() + 1000);
  }

  @Test
  @DisplayName("a connection that sends nothing for offlineAfterSeconds is closed with 4000, and its user goes offline")
  void silentConnectionIsClosed() {
    WsClient silent = server.device(vertx, bob, "silent", false);
    assertThat(silent.awaitClose(Duration.ofMillis(4 * OFFLINE_AFTER_MS))).isEqualTo((short) 4000);
    aliceWatching.next("presence", about(bob, false));
    assertThat(aliceWatching.isClosed()).as("the heartbeating connection stays open").isFalse();
  }

  private JsonObject friend(TestUser user, TestUser friend) {
    return api.friendsOf(user).stream().map(JsonObject.class::cast)
        .filter(f -> friend.userId().equals(f.getString("userId"))).findFirst()
        .orElseThrow(() -> new AssertionError(friend.username() + " not among " + user.username() + "'s friends"));
  }

  private static Predicate<JsonObject> about(TestUser user, boolean online) {
    return frame -> "presence".equals(frame.getString("type")) && frame.getJsonArray("users").stream()
        .map(JsonObject.class::cast)
        .anyMatch(entry -> user.userId().equals(entry.getString("userId")) && entry.getBoolean("online") == online);
  }

  private static JsonObject entryFor(JsonObject presence, TestUser user) {
    return presence.getJsonArray("users").stream().map(JsonObject.class::cast)
        .filter(entry -> user.userId().equals(entry.getString("userId"))).findFirst().orElseThrow();
  }
}
