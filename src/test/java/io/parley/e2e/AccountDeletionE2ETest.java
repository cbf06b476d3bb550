package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("DELETE /v1/me: re-authenticated deletion of an account and all that names it; its messages stay")
class AccountDeletionE2ETest {
  private static final int HOLD_SECONDS = 3;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("auth.deletedUsernameHoldSeconds", HOLD_SECONDS)
      .set("presence.heartbeatIntervalSeconds", 1)
      .set("presence.offlineAfterSeconds", 2));

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  @Injected private TestUser carol;

  private void delete(TestUser user) {
    api.call(HttpMethod.DELETE, "/v1/me", user.token(),
        new JsonObject().put("password", user.password())).expect(204);
  }

  @Test
  @DisplayName("the account goes: sockets close with 4410, every session's token is 401 on HTTP and at the upgrade, "
      + "the profile is 404, and deleting twice is 401")
  void accountGoes() {
    TestUser laptop = api.logIn(alice.username(), alice.password());
    WsClient phone = server.device(vertx, alice, "phone");
    WsClient laptopSocket = server.device(vertx, laptop, "laptop");

    delete(alice);

    assertThat(phone.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4410);
    assertThat(laptopSocket.awaitClose(WsClient.TIMEOUT)).isEqualTo((short) 4410);
    api.get("/v1/me", alice.token()).expectError(401, "UNAUTHORIZED");
    api.get("/v1/me", laptop.token()).expectError(401, "UNAUTHORIZED");
    SessionsE2ETest.expectUpgradeRefused(vertx, server.port(), laptop.token());
    api.call(HttpMethod.DELETE, "/v1/me", alice.token(),
        new JsonObject().put("password", alice.password())).expectError(401, "UNAUTHORIZED");
    api.tryLogIn(alice.username(), alice.password()).expectError(401, "UNAUTHORIZED");
    api.get("/v1/users/" + alice.userId(), bob.token()).expectError(404, "NOT_FOUND");
    api.get("/v1/users?username=" + alice.username(), bob.token()).expectError(404, "NOT_FOUND");
    api.get("/v1/me", bob.token()).expect(200);
  }

  @Test
  @DisplayName("friendships, requests and blocks end on both sides")
  void relationsEnd() {
    api.befriend(alice, bob);
    api.post("/v1/friend-requests/" + carol.userId(), alice.token(), null).expect(201);
    api.put("/v1/blocks/" + carol.userId(), bob.token(), null).expect(204);
    assertThat(api.friendsOf(bob)).hasSize(1);

    delete(alice);

    assertThat(api.friendsOf(bob)).isEmpty();
    JsonObject carolRequests = api.get("/v1/friend-requests", carol.token()).expect(200);
    assertThat(carolRequests.getJsonArray("incoming")).isEmpty();
    assertThat(api.get("/v1/blocks", bob.token()).expect(200).getJsonArray("blocks")).as("control: bob's own block "
        + "of carol stays").hasSize(1);
    api.post("/v1/friend-requests/" + alice.userId(), bob.token(), null).expectError(404, "NOT_FOUND");
  }

  @Test
  @DisplayName("a block of the deleted account by another user does not break that user's block list")
  void blockedByOthers() {
    api.put("/v1/blocks/" + alice.userId(), bob.token(), null).expect(204);
    api.put("/v1/blocks/" + carol.userId(), bob.token(), null).expect(204);

    delete(alice);

    JsonArray blocks = api.get("/v1/blocks", bob.token()).expect(200).getJsonArray("blocks");
    assertThat(blocks.stream().map(JsonObject.class::cast).map(b -> b.getString("userId")))
        .containsExactly(carol.userId());
  }

  @Test
  @DisplayName("groups: membership ends, ownership passes to the earliest remaining member, and the members are told "
      + "member.left, live and in the group's history, as if the account had left each group itself")
  void groupsHandedOver() {
    String groupId = api.createGroup(alice, bob, carol).getString("groupId");
    String otherGroupId = api.createGroup(carol, alice).getString("groupId");
    WsClient carolPhone = server.device(vertx, carol, "phone");

    delete(alice);

    JsonObject group = api.get("/v1/groups/" + groupId, bob.token()).expect(200);
    assertThat(group.getJsonArray("members")).containsExactly(bob.userId(), carol.userId());
    assertThat(group.getString("ownerId")).isEqualTo(bob.userId());
    assertThat(api.get("/v1/groups/" + otherGroupId, carol.token()).expect(200).getJsonArray("members"))
        .containsExactly(carol.userId());
    for (String id : List.of(groupId, otherGroupId)) {
      JsonObject live = carolPhone.next("message", frame -> Conversations.group(id)
          .equals(frame.getJsonObject("message").getString("conversationId"))
          && "member.left".equals(frame.getJsonObject("message").getJsonObject("event").getString("type")));
      JsonObject left = live.getJsonObject("message").getJsonObject("event");
      assertThat(left.getString("userId")).isEqualTo(alice.userId());
      assertThat(left.getString("ownerId")).isEqualTo(id.equals(groupId) ? bob.userId() : carol.userId());
      JsonArray history = api.history(carol, Conversations.group(id), "").expect(200).getJsonArray("messages");
      assertThat(history.stream().map(JsonObject.class::cast).map(m -> m.getJsonObject("event").getString("type")))
          .containsExactly("group.created", "member.left");
    }
  }

  @Test
  @DisplayName("delivered messages stay in the others' history and inbox, from the deleted id; a new 1:1 send to "
      + "it is NOT_FOUND")
  void messagesStay() {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    String messageId = alicePhone.ack(Frames.textTo(bob, "last words")).getString("messageId");
    String groupId = api.createGroup(alice, bob).getString("groupId");
    String groupMessageId = alicePhone.ack(Frames.textToGroup(groupId, "to the group")).getString("messageId");

    delete(alice);

    JsonArray direct = api.history(bob, Conversations.direct(alice, bob), "").expect(200).getJsonArray("messages");
    assertThat(direct.getJsonObject(0).getString("messageId")).isEqualTo(messageId);
    assertThat(direct.getJsonObject(0).getString("from")).isEqualTo(alice.userId());
    JsonArray group = api.history(bob, Conversations.group(groupId), "").expect(200).getJsonArray("messages");
    assertThat(group.stream().map(JsonObject.class::cast).filter(m -> !m.containsKey("kind"))
        .map(m -> m.getString("messageId") + " from " + m.getString("from")))
        .as("beside the system messages of the group's creation and of alice leaving")
        .containsExactly(groupMessageId + " from " + alice.userId());
    WsClient bobPhone = server.device(vertx, bob, "phone");
    JsonObject page = bobPhone.request(Frames.sync(0, 100));
    assertThat(page.getJsonArray("entries").stream().map(JsonObject.class::cast)
        .map(entry -> entry.getJsonObject("message").getString("messageId")))
        .contains(messageId, groupMessageId);
    bobPhone.expectError(Frames.textTo(alice, "are you there?"), "NOT_FOUND");
    api.put("/v1/conversations/" + Conversations.direct(alice, bob) + "/read", bob.token(),
        new JsonObject().put("messageId", messageId)).expect(200);
  }

  @Test
  @DisplayName("the username is taken until auth.deletedUsernameHoldSeconds have passed, then free for a new account")
  void usernameHeldThenFree() throws InterruptedException {
    delete(alice);
    long deletedAt = System.currentTimeMillis();

    api.signUp(alice.username(), "another password").expectError(409, "USERNAME_TAKEN");

    Thread.sleep(Math.max(0, deletedAt + HOLD_SECONDS * 1000L + 200 - System.currentTimeMillis()));
    JsonObject newAlice = api.signUp(alice.username().toUpperCase(), "another password").expect(201);
    assertThat(newAlice.getString("userId")).isNotEqualTo(alice.userId());
    api.logIn(alice.username().toUpperCase(), "another password");
  }

  @Test
  @DisplayName("a wrong password is 403 WRONG_PASSWORD and deletes nothing")
  void wrongPassword() {
    api.call(HttpMethod.DELETE, "/v1/me", alice.token(),
        new JsonObject().put("password", "not the password")).expectError(403, "WRONG_PASSWORD");

    api.get("/v1/me", alice.token()).expect(200);
    api.logIn(alice.username(), alice.password());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{}", "{\"password\": 12345678}", "{\"password\": \"\"}", "{\"password\": null}",
      "{\"password\": [\"correct horse battery\"]}"})
  @DisplayName("a missing, empty or wrongly typed password is 400 INVALID and deletes nothing")
  void badFields(String body) {
    api.call(HttpMethod.DELETE, "/v1/me", alice.token(), body).expectError(400, "INVALID");
    api.get("/v1/me", alice.token()).expect(200);
  }

  @Test
  @DisplayName("no body is 400 INVALID_JSON, no token 401, and neither deletes anything")
  void noBodyOrToken() {
    api.delete("/v1/me", alice.token()).expectError(400, "INVALID_JSON");
    api.call(HttpMethod.DELETE, "/v1/me", null,
        new JsonObject().put("password", alice.password())).expectError(401, "UNAUTHORIZED");
    api.get("/v1/me", alice.token()).expect(200);
  }
}
