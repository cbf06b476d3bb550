package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
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
@DisplayName("Blocking: no friendship, requests or 1:1 messages between the two; groups unaffected")
class BlockingE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("blocking a friend ends the friendship on both sides; the block is listed for the blocker only")
  void blockEndsFriendship() {
    TestUser carol = api.newUser("carol");
    api.befriend(alice, bob);
    api.befriend(alice, carol);
    block(alice, bob);
    block(alice, bob);
    assertThat(friendIds(alice)).containsExactly(carol.userId());
    assertThat(friendIds(bob)).isEmpty();
    JsonArray blocks = blocks(alice);
    assertThat(blocks).containsExactly(new JsonObject().put("userId", bob.userId()).put("username", bob.username())
        .put("displayName", bob.username()));
    assertThat(blocks(bob)).isEmpty();
  }

  @Test
  @DisplayName("blocking drops pending requests both ways, and requests either way are then 403 REFUSED")
  void blockDropsAndRefusesRequests() {
    TestUser carol = api.newUser("carol");
    api.post("/v1/friend-requests/" + alice.userId(), bob.token(), null).expect(201);
    api.post("/v1/friend-requests/" + carol.userId(), alice.token(), null).expect(201);
    block(alice, bob);
    block(carol, alice);
    JsonObject none = new JsonObject().put("incoming", new JsonArray()).put("outgoing", new JsonArray());
    assertThat(api.get("/v1/friend-requests", alice.token()).expect(200)).isEqualTo(none);
    assertThat(api.get("/v1/friend-requests", bob.token()).expect(200)).isEqualTo(none);
    assertThat(api.get("/v1/friend-requests", carol.token()).expect(200)).isEqualTo(none);

    api.post("/v1/friend-requests/" + alice.userId(), bob.token(), null).expectError(403, "REFUSED");
    api.post("/v1/friend-requests/" + bob.userId(), alice.token(), null).expectError(403, "REFUSED");
    api.post("/v1/friend-requests/" + carol.userId(), alice.token(), null).expectError(403, "REFUSED");
    assertThat(api.get("/v1/friend-requests", alice.token()).expect(200)).isEqualTo(none);
    api.post("/v1/friend-requests/" + carol.userId(), bob.token(), null).expect(201);
  }

  @Test
  @DisplayName("1:1 sends and typing between the two are refused with REFUSED and stored nowhere, either way")
  void directMessagesRefused() {
    TestUser carol = api.newUser("carol");
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient bobPhone = server.device(vertx, bob, "phone");
    block(alice, bob);

    JsonObject refused = bobPhone.expectError(Frames.textTo(alice, "let me in"), "REFUSED");
    assertThat(refused.getString("clientMessageId")).isNotNull();
    alicePhone.expectError(Frames.textTo(bob, "go away"), "REFUSED");
    bobPhone.expectError(Frames.typing(Conversations.direct(alice, bob)), "REFUSED");
    bobPhone.ack(Frames.textTo(carol, "positive control"));
    assertThat(inbox(alicePhone)).isEmpty();
    assertThat(inbox(bobPhone)).hasSize(1);
    assertThat(api.history(bob, Conversations.direct(alice, bob), "").expect(200).getJsonArray("messages")).isEmpty();

    unblock(alice, bob);
    String messageId = bobPhone.ack(Frames.textTo(alice, "sorry")).getString("messageId");
    alicePhone.nextMessage(messageId);
    assertThat(friendIds(alice)).as("unblocking does not restore the friendship").isEmpty();
  }

  @Test
  @DisplayName("two who chatted are refused right after one blocks the other, both ways, until the unblock")
  void chattedPairRefusedAfterBlock() {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient bobPhone = server.device(vertx, bob, "phone");
    String before = bobPhone.ack(Frames.textTo(alice, "hi")).getString("messageId");
    alicePhone.nextMessage(before);
    alicePhone.ack(Frames.textTo(bob, "hi back"));

    block(alice, bob);
    bobPhone.expectError(Frames.textTo(alice, "still there?"), "REFUSED");
    alicePhone.expectError(Frames.textTo(bob, "bye"), "REFUSED");

    unblock(alice, bob);
    String after = bobPhone.ack(Frames.textTo(alice, "again")).getString("messageId");
    alicePhone.nextMessage(after);
  }

  @Test
  @DisplayName("group messages are unaffected: the blocked user's group message reaches the blocker")
  void groupsUnaffected() {
    String groupId = api.createGroup(alice, bob).getString("groupId");
    block(alice, bob);
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient bobPhone = server.device(vertx, bob, "phone");
    String messageId = bobPhone.ack(Frames.textToGroup(groupId, "still in the club")).getString("messageId");
    alicePhone.nextMessage(messageId);
  }

  @Test
  @DisplayName("unblocking lists the block no more and is harmless twice; self is 400 INVALID, unknown users 404")
  void unblockAndBadTargets() {
    block(alice, bob);
    unblock(alice, bob);
    unblock(alice, bob);
    assertThat(blocks(alice)).isEmpty();
    api.put("/v1/blocks/" + alice.userId(), alice.token(), null).expectError(400, "INVALID");
    api.put("/v1/blocks/0000000000000000", alice.token(), null).expectError(404, "NOT_FOUND");
    api.delete("/v1/blocks/0000000000000000", alice.token()).expectError(404, "NOT_FOUND");
    assertThat(blocks(alice)).isEmpty();
    api.post("/v1/friend-requests/" + alice.userId(), bob.token(), null).expect(201);
  }

  private void block(TestUser blocker, TestUser blocked) {
    api.put("/v1/blocks/" + blocked.userId(), blocker.token(), null).expect(204);
  }

  private void unblock(TestUser blocker, TestUser blocked) {
    api.delete("/v1/blocks/" + blocked.userId(), blocker.token()).expect(204);
  }

  private JsonArray blocks(TestUser user) {
    return api.get("/v1/blocks", user.token()).expect(200).getJsonArray("blocks");
  }

  private static JsonArray inbox(WsClient phone) {
    return phone.request(Frames.sync(0, 100)).getJsonArray("entries");
  }

  private List<String> friendIds(TestUser user) {
    return api.friendsOf(user).stream().map(f -> ((JsonObject) f).getString("userId")).toList();
  }
}
