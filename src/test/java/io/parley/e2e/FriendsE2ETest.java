package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: friends")
class FriendsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("adding a friend is mutual, and each listing carries the friend's profile and presence")
  void addIsMutual() {
    api.befriend(alice, bob);
    JsonObject listedBob = onlyFriend(alice);
    assertThat(listedBob.getString("userId")).isEqualTo(bob.userId());
    assertThat(listedBob.getString("username")).isEqualTo(bob.username());
    assertThat(listedBob.getString("displayName")).isEqualTo(bob.username());
    assertThat(listedBob.getValue("online")).isEqualTo(false);
    assertThat(listedBob.containsKey("lastActiveAt")).as("lastActiveAt present, null when never seen").isTrue();
    assertThat(listedBob.getValue("lastActiveAt")).isNull();
    assertThat(onlyFriend(bob).getString("userId")).isEqualTo(alice.userId());
  }

  @Test
  @DisplayName("adding a friend twice is harmless")
  void addTwice() {
    api.befriend(alice, bob);
    api.befriend(alice, bob);
    api.befriend(bob, alice);
    assertThat(friendIds(alice)).containsExactly(bob.userId());
    assertThat(friendIds(bob)).containsExactly(alice.userId());
  }

  @Test
  @DisplayName("removing a friend removes both sides; removing a non-friend is harmless")
  void remove() {
    TestUser carol = api.newUser("carol");
    api.befriend(alice, bob);
    api.befriend(alice, carol);
    api.delete("/v1/friends/" + bob.userId(), alice.token()).expect(204);
    assertThat(friendIds(alice)).containsExactly(carol.userId());
    assertThat(friendIds(bob)).isEmpty();
    api.delete("/v1/friends/" + bob.userId(), alice.token()).expect(204);
    api.delete("/v1/friends/" + alice.userId(), bob.token()).expect(204);
  }

  @Test
  @DisplayName("befriending an unknown user is 404 NOT_FOUND, befriending yourself is 400 INVALID")
  void unknownOrSelf() {
    api.put("/v1/friends/0000000000000000", alice.token(), null).expectError(404, "NOT_FOUND");
    api.put("/v1/friends/" + alice.userId(), alice.token(), null).expectError(400, "INVALID");
    assertThat(friendIds(alice)).isEmpty();
  }

  private JsonObject onlyFriend(TestUser user) {
    JsonArray friends = api.friendsOf(user);
    assertThat(friends).hasSize(1);
    return friends.getJsonObject(0);
  }

  private List<String> friendIds(TestUser user) {
    return api.friendsOf(user).stream().map(f -> ((JsonObject) f).getString("userId")).toList();
  }
}
