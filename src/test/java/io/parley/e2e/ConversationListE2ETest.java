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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: the conversation list, newest activity first, with unread counts and read positions")
class ConversationListE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  @Injected private TestUser carol;
  private WsClient alicePhone;
  private WsClient bobPhone;

  @BeforeEach
  void phones() {
    alicePhone = server.device(vertx, alice, "phone");
    bobPhone = server.device(vertx, bob, "phone");
  }

  @Test
  @DisplayName("direct and group conversations, latest activity first, each with its last message and kind")
  void orderAndShape() {
    JsonObject group = api.createGroup(alice, bob, carol);
    String groupConversation = Conversations.group(group.getString("groupId"));
    alicePhone.ack(Frames.textTo(bob, "first"));
    JsonObject groupAck = alicePhone.ack(Frames.textToGroup(group.getString("groupId"), "to the group"));
    JsonObject dmAck = bobPhone.ack(Frames.textTo(alice, "latest"));

    JsonArray lines = list(alice, "").getJsonArray("conversations");
    assertThat(lines.size()).isEqualTo(2);
    JsonObject direct = lines.getJsonObject(0);
    assertThat(direct.getString("conversationId")).isEqualTo(Conversations.direct(alice, bob));
    assertThat(direct.getString("kind")).isEqualTo("direct");
    assertThat(direct.getJsonObject("lastMessage").getString("messageId")).isEqualTo(dmAck.getString("messageId"));
    assertThat(direct.getJsonObject("lastMessage").getString("text")).isEqualTo("latest");
    assertThat(direct.containsKey("name")).isFalse();
    JsonObject inGroup = lines.getJsonObject(1);
    assertThat(inGroup.getString("conversationId")).isEqualTo(groupConversation);
    assertThat(inGroup.getString("kind")).isEqualTo("group");
    assertThat(inGroup.getString("name")).isEqualTo(group.getString("name"));
    assertThat(inGroup.getJsonObject("lastMessage").getString("messageId")).isEqualTo(groupAck.getString("messageId"));

    List<String> carols = ids(list(carol, "").getJsonArray("conversations"));
    assertThat(carols).containsExactly(groupConversation);
  }

  @Test
  @DisplayName("unread counts others' messages after the read cursor; reading moves it and the others see it")
  void unreadAndReads() {
    String conversation = Conversations.direct(alice, bob);
    alicePhone.ack(Frames.textTo(bob, "mine"));
    String firstOfBob = bobPhone.ack(Frames.textTo(alice, "b1")).getString("messageId");
    bobPhone.ack(Frames.textTo(alice, "b2"));
    String lastOfBob = bobPhone.ack(Frames.textTo(alice, "b3")).getString("messageId");

    JsonObject before = list(alice, "").getJsonArray("conversations").getJsonObject(0);
    assertThat(before.getInteger("unread")).isEqualTo(3);
    assertThat(before.getBoolean("unreadMore")).isFalse();
    assertThat(before.getValue("readCursor")).isNull();
    assertThat(before.getJsonObject("reads")).isEmpty();

    api.put("/v1/conversations/" + conversation + "/read", alice.token(),
        new JsonObject().put("messageId", firstOfBob)).expect(200);
    JsonObject partly = list(alice, "").getJsonArray("conversations").getJsonObject(0);
    assertThat(partly.getInteger("unread")).isEqualTo(2);
    assertThat(partly.getString("readCursor")).isEqualTo(firstOfBob);

    api.put("/v1/conversations/" + conversation + "/read", alice.token(),
        new JsonObject().put("messageId", lastOfBob)).expect(200);
    assertThat(list(alice, "").getJsonArray("conversations").getJsonObject(0).getInteger("unread")).isZero();
    JsonObject bobs = list(bob, "").getJsonArray("conversations").getJsonObject(0);
    assertThat(bobs.getJsonObject("reads").getMap()).containsOnlyKeys(alice.userId());
    assertThat(bobs.getJsonObject("reads").getString(alice.userId())).isEqualTo(lastOfBob);
    assertThat(bobs.getInteger("unread")).as("alice's one message, bob never read").isEqualTo(1);
  }

  @Test
  @DisplayName("paging with before and limit lists every conversation once, and hasMore is false only at the end")
  void paging() {
    List<TestUser> peers = api.newUsers("peer", 5);
    List<String> expected = new ArrayList<>();
    for (TestUser peer : peers) {
      alicePhone.ack(Frames.textTo(peer, "hi"));
      expected.add(0, Conversations.direct(alice, peer));
    }
    alicePhone.ack(Frames.textTo(peers.get(0), "again"));
    expected.remove(Conversations.direct(alice, peers.get(0)));
    expected.add(0, Conversations.direct(alice, peers.get(0)));

    List<String> seen = new ArrayList<>();
    JsonObject page = list(alice, "limit=2");
    seen.addAll(ids(page.getJsonArray("conversations")));
    while (page.getBoolean("hasMore")) {
      JsonArray lines = page.getJsonArray("conversations");
      assertThat(lines.size()).isEqualTo(2);
      String before = lines.getJsonObject(lines.size() - 1).getJsonObject("lastMessage").getString("messageId");
      page = list(alice, "limit=2&before=" + before);
      seen.addAll(ids(page.getJsonArray("conversations")));
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(list(alice, "").getBoolean("hasMore")).isFalse();
    assertThat(ids(list(alice, "").getJsonArray("conversations"))).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("a user with no conversations gets an empty list")
  void empty() {
    JsonObject page = list(carol, "");
    assertThat(page.getJsonArray("conversations")).isEmpty();
    assertThat(page.getBoolean("hasMore")).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"limit=0", "limit=101", "limit=ten", "limit=", "before=xyz", "before=0194D2C3A1B0000G",
      "before=8000000000000000"})
  @DisplayName("a bad limit or before is 400 INVALID; limit 100 and a well-formed before are fine")
  void badQuery(String query) {
    alicePhone.ack(Frames.textTo(bob, "there is something to list"));
    api.get("/v1/conversations?" + query, alice.token()).expectError(400, "INVALID");
    assertThat(list(alice, "limit=100&before=7fffffffffffffff").getJsonArray("conversations")).hasSize(1);
  }

  @Test
  @DisplayName("without a token the list is 401 UNAUTHORIZED")
  void unauthorized() {
    api.get("/v1/conversations", null).expectError(401, "UNAUTHORIZED");
    api.get("/v1/conversations", alice.token()).expect(200);
  }

  private JsonObject list(TestUser user, String query) {
    return api.get("/v1/conversations" + (query.isEmpty() ? "" : "?" + query), user.token()).expect(200);
  }

  private static List<String> ids(JsonArray lines) {
    return lines.stream().map(line -> ((JsonObject) line).getString("conversationId")).toList();
  }
}
