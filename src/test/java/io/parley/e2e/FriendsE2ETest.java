package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ApiResponse;
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
@DisplayName("HTTP: friend requests and friends")
class FriendsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("a request is pending on both sides until accepted; then each lists the other with profile and presence")
  void requestThenAccept() {
    long before = System.currentTimeMillis();
    assertThat(request(alice, bob).expect(201))
        .isEqualTo(new JsonObject().put("userId", bob.userId()).put("status", "pending"));
    assertThat(friendIds(alice)).isEmpty();
    assertThat(friendIds(bob)).isEmpty();
    JsonObject outgoing = only(requests(alice), "outgoing");
    assertThat(outgoing.getString("userId")).isEqualTo(bob.userId());
    assertThat(outgoing.getString("username")).isEqualTo(bob.username());
    assertThat(outgoing.getString("displayName")).isEqualTo(bob.username());
    assertThat(outgoing.getLong("requestedAt")).isBetween(before, System.currentTimeMillis());
    assertThat(requests(alice).getJsonArray("incoming")).isEmpty();
    assertThat(only(requests(bob), "incoming").getString("userId")).isEqualTo(alice.userId());

    assertThat(accept(bob, alice).expect(200))
        .isEqualTo(new JsonObject().put("userId", alice.userId()).put("status", "friends"));
    JsonObject listedBob = onlyFriend(alice);
    assertThat(listedBob.getString("userId")).isEqualTo(bob.userId());
    assertThat(listedBob.getString("username")).isEqualTo(bob.username());
    assertThat(listedBob.getValue("online")).isEqualTo(false);
    assertThat(listedBob.containsKey("lastActiveAt")).as("lastActiveAt present, null when never seen").isTrue();
    assertThat(listedBob.getValue("lastActiveAt")).isNull();
    assertThat(onlyFriend(bob).getString("userId")).isEqualTo(alice.userId());
    assertNothingPending(alice);
    assertNothingPending(bob);
  }

  @Test
  @DisplayName("asking a user who already asked you accepts their request: 200 friends")
  void counterRequestAccepts() {
    request(alice, bob).expect(201);
    assertThat(request(bob, alice).expect(200).getString("status")).isEqualTo("friends");
    assertThat(friendIds(alice)).containsExactly(bob.userId());
    assertThat(friendIds(bob)).containsExactly(alice.userId());
    assertNothingPending(alice);
  }

  @Test
  @DisplayName("a declined request is gone from both sides, cannot be accepted, and may be made again")
  void decline() {
    request(alice, bob).expect(201);
    api.post("/v1/friend-requests/" + alice.userId() + "/decline", bob.token(), null).expect(204);
    assertNothingPending(alice);
    assertNothingPending(bob);
    accept(bob, alice).expectError(404, "REQUEST_NOT_FOUND");
    api.post("/v1/friend-requests/" + alice.userId() + "/decline", bob.token(), null)
        .expectError(404, "REQUEST_NOT_FOUND");
    assertThat(friendIds(bob)).isEmpty();
    request(alice, bob).expect(201);
    assertThat(only(requests(bob), "incoming").getString("userId")).isEqualTo(alice.userId());
  }

  @Test
  @DisplayName("a cancelled request is gone from both sides and cannot be accepted")
  void cancel() {
    request(alice, bob).expect(201);
    api.delete("/v1/friend-requests/" + bob.userId(), alice.token()).expect(204);
    assertNothingPending(alice);
    assertNothingPending(bob);
    accept(bob, alice).expectError(404, "REQUEST_NOT_FOUND");
    api.delete("/v1/friend-requests/" + bob.userId(), alice.token()).expectError(404, "REQUEST_NOT_FOUND");
    assertThat(friendIds(alice)).isEmpty();
    assertThat(friendIds(bob)).isEmpty();
  }

  @Test
  @DisplayName("duplicate requests, double accepts, accepting or declining one's own request: errors that change nothing")
  void duplicates() {
    request(alice, bob).expect(201);
    request(alice, bob).expectError(409, "ALREADY_REQUESTED");
    accept(alice, bob).expectError(404, "REQUEST_NOT_FOUND");
    api.post("/v1/friend-requests/" + bob.userId() + "/decline", alice.token(), null)
        .expectError(404, "REQUEST_NOT_FOUND");
    api.delete("/v1/friend-requests/" + alice.userId(), bob.token()).expectError(404, "REQUEST_NOT_FOUND");
    assertThat(only(requests(alice), "outgoing").getString("userId")).isEqualTo(bob.userId());
    assertThat(only(requests(bob), "incoming").getString("userId")).isEqualTo(alice.userId());

    accept(bob, alice).expect(200);
    accept(bob, alice).expectError(409, "ALREADY_FRIENDS");
    request(alice, bob).expectError(409, "ALREADY_FRIENDS");
    request(bob, alice).expectError(409, "ALREADY_FRIENDS");
    assertThat(friendIds(alice)).containsExactly(bob.userId());
    assertNothingPending(alice);
    assertNothingPending(bob);
  }

  @Test
  @DisplayName("requests to oneself are 400 INVALID, to an unknown user 404 NOT_FOUND; a request to another works")
  void unknownOrSelf() {
    request(alice, alice).expectError(400, "INVALID");
    api.post("/v1/friend-requests/0000000000000000", alice.token(), null).expectError(404, "NOT_FOUND");
    api.post("/v1/friend-requests/0000000000000000/accept", alice.token(), null).expectError(404, "NOT_FOUND");
    api.post("/v1/friend-requests/" + alice.userId() + "/accept", alice.token(), null).expectError(400, "INVALID");
    api.delete("/v1/friends/" + alice.userId(), alice.token()).expectError(400, "INVALID");
    assertNothingPending(alice);
    request(alice, bob).expect(201);
    assertThat(requests(alice).getJsonArray("outgoing")).hasSize(1);
  }

  @Test
  @DisplayName("the old PUT /v1/friends/{userId} is gone: 405, and it makes no friend nor request")
  void oldInstantFriendshipIsGone() {
    api.put("/v1/friends/" + bob.userId(), alice.token(), null).expectError(405, "METHOD_NOT_ALLOWED");
    assertThat(friendIds(bob)).isEmpty();
    assertNothingPending(bob);
  }

  @Test
  @DisplayName("removing a friend removes both sides; removing a non-friend is harmless")
  void remove() {
    TestUser carol = api.newUser("carol");
    api.befriend(alice, bob);
    api.befriend(carol, alice);
    api.delete("/v1/friends/" + bob.userId(), alice.token()).expect(204);
    assertThat(friendIds(alice)).containsExactly(carol.userId());
    assertThat(friendIds(bob)).isEmpty();
    api.delete("/v1/friends/" + bob.userId(), alice.token()).expect(204);
    api.delete("/v1/friends/" + alice.userId(), bob.token()).expect(204);
    assertThat(friendIds(carol)).containsExactly(alice.userId());
    request(bob, alice).expect(201);
  }

  @Test
  @DisplayName("requests list newest first")
  void newestFirst() throws InterruptedException {
    TestUser carol = api.newUser("carol");
    request(alice, bob).expect(201);
    Thread.sleep(5); // requestedAt is in milliseconds: two requests in one would tie
    request(carol, bob).expect(201);
    List<String> incoming = requests(bob).getJsonArray("incoming").stream()
        .map(r -> ((JsonObject) r).getString("userId")).toList();
    assertThat(incoming).containsExactly(carol.userId(), alice.userId());
  }

  private ApiResponse request(TestUser from, TestUser to) {
    return api.post("/v1/friend-requests/" + to.userId(), from.token(), null);
  }

  private ApiResponse accept(TestUser user, TestUser requester) {
    return api.post("/v1/friend-requests/" + requester.userId() + "/accept", user.token(), null);
  }

  private JsonObject requests(TestUser user) {
    return api.get("/v1/friend-requests", user.token()).expect(200);
  }

  private void assertNothingPending(TestUser user) {
    assertThat(requests(user)).isEqualTo(new JsonObject().put("incoming", new JsonArray())
        .put("outgoing", new JsonArray()));
  }

  private static JsonObject only(JsonObject requests, String direction) {
    JsonArray list = requests.getJsonArray(direction);
    assertThat(list).hasSize(1);
    return list.getJsonObject(0);
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
