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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Account events and system messages: in the inbox, live and on sync, in order")
class AccountEventsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  @Injected private TestUser carol;

  @Test
  @DisplayName("group changes are system messages in its history, in one order, live to every member")
  void groupSystemMessages() {
    WsClient bobPhone = server.device(vertx, bob, "phone");
    JsonObject group = api.createGroup(alice, bob);
    String groupId = group.getString("groupId");
    String conversation = Conversations.group(groupId);
    JsonObject created = event(bobPhone.next("message", system(conversation, "group.created")));
    assertThat(created.getString("by")).isEqualTo(alice.userId());
    assertThat(created.getString("name")).isEqualTo(group.getString("name"));
    assertThat(created.getJsonArray("members")).containsExactly(alice.userId(), bob.userId());

    api.post("/v1/groups/" + groupId + "/members", alice.token(), new JsonObject().put("userId", carol.userId()))
        .expect(200);
    JsonObject added = event(bobPhone.next("message", system(conversation, "member.added")));
    assertThat(added.getString("userId")).isEqualTo(carol.userId());
    api.patch("/v1/groups/" + groupId, alice.token(), new JsonObject().put("name", "renamed")).expect(200);
    assertThat(event(bobPhone.next("message", system(conversation, "group.renamed"))).getString("name"))
        .isEqualTo("renamed");
    api.delete("/v1/groups/" + groupId + "/members/" + bob.userId(), alice.token()).expect(200);
    JsonObject removed = event(bobPhone.next("message", system(conversation, "member.removed")));
    assertThat(removed.getString("userId")).isEqualTo(bob.userId());
    api.delete("/v1/groups/" + groupId + "/members/" + alice.userId(), alice.token()).expect(200);
    JsonObject left = event(lastOf(history(carol, conversation)));
    assertThat(left.getString("type")).isEqualTo("member.left");
    assertThat(left.getString("ownerId")).isEqualTo(carol.userId());

    assertThat(history(carol, conversation).stream().map(m -> event(m).getString("type")).toList())
        .containsExactly("group.created", "member.added", "group.renamed", "member.removed", "member.left");
    bobPhone.expectNone(system(conversation, "member.left"), Duration.ofMillis(300));
  }

  @Test
  @DisplayName("a system message has kind and event instead of text; a text message has neither")
  void messageShapes() {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    String groupId = api.createGroup(alice, bob).getString("groupId");
    alicePhone.ack(Frames.textToGroup(groupId, "hello"));
    List<JsonObject> messages = history(bob, Conversations.group(groupId));
    JsonObject system = messages.get(0);
    assertThat(system.getString("kind")).isEqualTo("system");
    assertThat(system.containsKey("text")).isFalse();
    assertThat(system.getString("from")).isEqualTo(alice.userId());
    JsonObject text = messages.get(1);
    assertThat(text.containsKey("kind")).isFalse();
    assertThat(text.containsKey("event")).isFalse();
    assertThat(text.getString("text")).isEqualTo("hello");
  }

  @Test
  @DisplayName("an offline device learns every event on sync, in order: requests, accept, decline, groups, profiles")
  void offlineDeviceLearnsOnSync() {
    long cursor = lastSeq(server.device(vertx, bob, "tablet"));
    api.post("/v1/friend-requests/" + bob.userId(), alice.token(), null).expect(201);
    api.post("/v1/friend-requests/" + alice.userId() + "/accept", bob.token(), null).expect(200);
    api.post("/v1/friend-requests/" + bob.userId(), carol.token(), null).expect(201);
    api.post("/v1/friend-requests/" + carol.userId() + "/decline", bob.token(), null).expect(204);
    String groupId = api.createGroup(carol, bob).getString("groupId");
    api.patch("/v1/me", alice.token(), new JsonObject().put("displayName", "Alice A.")).expect(200);
    api.patch("/v1/me", carol.token(), new JsonObject().put("displayName", "not a friend")).expect(200);

    List<JsonObject> entries = syncAll(server.device(vertx, bob, "tablet-again"), cursor);
    List<String> seen = new ArrayList<>();
    for (JsonObject entry : entries) {
      JsonObject message = entry.getJsonObject("message");
      seen.add(message.getString("kind") + " " + event(message).getString("type") + " by "
          + name(message.getString("from")));
    }
    assertThat(seen).containsExactly("event friend.requested by alice", "event friend.accepted by bob",
        "event friend.requested by carol", "event friend.declined by bob", "system group.created by carol",
        "event profile.updated by alice");
    JsonObject profile = event(entries.get(5).getJsonObject("message")).getJsonObject("profile");
    assertThat(profile.getString("displayName")).isEqualTo("Alice A.");
    assertThat(entries.get(4).getJsonObject("message").getString("conversationId"))
        .isEqualTo(Conversations.group(groupId));
    assertThat(entries.get(0).getJsonObject("message").getString("conversationId"))
        .isEqualTo("user:" + alice.userId());
  }

  @Test
  @DisplayName("account events reach the other user's online devices live, and the actor's own")
  void liveAccountEvents() {
    WsClient bobPhone = server.device(vertx, bob, "phone");
    WsClient aliceLaptop = server.device(vertx, alice, "laptop");
    api.post("/v1/friend-requests/" + bob.userId(), alice.token(), null).expect(201);
    JsonObject requested = event(bobPhone.next("message", eventOf("friend.requested")));
    assertThat(requested.getString("userId")).isEqualTo(alice.userId());
    aliceLaptop.next("message", eventOf("friend.requested"));
    api.post("/v1/friend-requests/" + bob.userId(), alice.token(), null).expectError(409, "ALREADY_REQUESTED");
    bobPhone.expectNone(eventOf("friend.requested"), Duration.ofMillis(300));
  }

  @Test
  @DisplayName("account events are not in the conversation list")
  void eventsNotListed() {
    api.post("/v1/friend-requests/" + bob.userId(), alice.token(), null).expect(201);
    assertThat(api.get("/v1/conversations", bob.token()).expect(200).getJsonArray("conversations")).isEmpty();
    api.createGroup(alice, bob);
    assertThat(api.get("/v1/conversations", bob.token()).expect(200).getJsonArray("conversations")).hasSize(1);
  }

  private String name(String userId) {
    return userId.equals(alice.userId()) ? "alice" : userId.equals(bob.userId()) ? "bob" : "carol";
  }

  private static long lastSeq(WsClient device) {
    long last = device.request(Frames.sync(0, 1)).getLong("lastSeq");
    device.close();
    return last;
  }

  private static List<JsonObject> syncAll(WsClient device, long after) {
    List<JsonObject> entries = new ArrayList<>();
    long cursor = after;
    boolean caughtUp = false;
    while (!caughtUp) {
      JsonObject page = device.request(Frames.sync(cursor, 100));
      page.getJsonArray("entries").forEach(entry -> entries.add((JsonObject) entry));
      caughtUp = page.getBoolean("caughtUp");
      cursor = entries.isEmpty() ? cursor : entries.get(entries.size() - 1).getLong("seq");
    }
    return entries;
  }

  private List<JsonObject> history(TestUser reader, String conversation) {
    JsonArray messages = api.history(reader, conversation, "").expect(200).getJsonArray("messages");
    return messages.stream().map(JsonObject.class::cast).toList();
  }

  private static JsonObject lastOf(List<JsonObject> messages) {
    return messages.get(messages.size() - 1);
  }

  private static JsonObject event(JsonObject messageOrFrame) {
    JsonObject message = messageOrFrame.containsKey("message") ? messageOrFrame.getJsonObject("message")
        : messageOrFrame;
    return message.getJsonObject("event", new JsonObject());
  }

  private static Predicate<JsonObject> system(String conversation, String type) {
    return frame -> frame.containsKey("message")
        && conversation.equals(frame.getJsonObject("message").getString("conversationId"))
        && type.equals(event(frame).getString("type"));
  }

  private static Predicate<JsonObject> eventOf(String type) {
    return frame -> frame.containsKey("message") && "event".equals(frame.getJsonObject("message").getString("kind"))
        && type.equals(event(frame).getString("type"));
  }
}
