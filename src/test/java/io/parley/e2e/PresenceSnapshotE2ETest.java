package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
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

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Presence on connect: a device gets its online friends' presence after welcome, without polling")
class PresenceSnapshotE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  @Injected private TestUser carol;
  @Injected private TestUser eve;
  @Injected private TestUser dave;
  @Injected private TestUser watcher;

  @Test
  @DisplayName("only accepted friends who are online: not a pending requester, a blocked user or an offline friend")
  void onlineFriendsOnly() {
    api.befriend(alice, bob);
    api.befriend(alice, dave);
    api.befriend(alice, eve);
    api.put("/v1/blocks/" + eve.userId(), alice.token(), null).expect(204);
    api.post("/v1/friend-requests/" + alice.userId(), carol.token(), null).expect(201);
    // the watcher sees bob, carol and eve come online, so each is online before alice connects
    List.of(bob, carol, eve).forEach(user -> api.befriend(watcher, user));
    WsClient watching = server.device(vertx, watcher, "phone");
    for (TestUser user : List.of(bob, carol, eve)) {
      server.device(vertx, user, "phone");
      watching.next("presence", about(user));
    }

    JsonObject snapshot = server.device(vertx, alice, "phone").next("presence");

    assertThat(snapshot.getBoolean("snapshot")).isTrue();
    assertThat(snapshot.getBoolean("more")).isFalse();
    assertThat(snapshot.getJsonArray("users")).hasSize(1);
    JsonObject entry = snapshot.getJsonArray("users").getJsonObject(0);
    assertThat(entry.getString("userId")).isEqualTo(bob.userId());
    assertThat(entry.getBoolean("online")).isTrue();
    assertThat(entry.getLong("lastActiveAt")).isPositive();
  }

  @Test
  @DisplayName("a user whose friends are all offline still gets a snapshot, with no users")
  void nobodyOnline() {
    api.befriend(alice, bob);
    JsonObject snapshot = server.device(vertx, alice, "phone").next("presence");
    assertThat(snapshot.getBoolean("snapshot")).isTrue();
    assertThat(snapshot.getJsonArray("users")).isEmpty();
  }

  private static Predicate<JsonObject> about(TestUser user) {
    return frame -> frame.getJsonArray("users").stream().map(JsonObject.class::cast)
        .anyMatch(entry -> user.userId().equals(entry.getString("userId")) && entry.getBoolean("online"));
  }
}
