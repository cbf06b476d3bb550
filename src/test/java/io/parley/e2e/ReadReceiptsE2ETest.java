package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Frames;
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

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Read receipts: a forward-only cursor per member, shown to the others and synced to the reader's devices")
class ReadReceiptsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  @Injected private TestUser carol;
  private String conversation;
  private List<String> messageIds;

  @BeforeEach
  void groupWithMessages() {
    String groupId = api.createGroup(alice, bob, carol).getString("groupId");
    conversation = Conversations.group(groupId);
    WsClient sender = server.device(vertx, alice, "sender");
    messageIds = IntStream.range(0, 3).mapToObj(i -> sender.ack(Frames.textToGroup(groupId, "m" + i)))
        .map(ack -> ack.getString("messageId")).toList();
  }

  @Test
  @DisplayName("a read frame reaches every member's devices, the reader's own included, and GET shows the cursor")
  void readFrameFansOut() {
    List<WsClient> devices = List.of(server.device(vertx, alice, "phone"), server.device(vertx, carol, "phone"),
        server.device(vertx, bob, "laptop"), server.device(vertx, bob, "phone"));
    devices.get(3).send(Frames.read(conversation, messageIds.get(1)));
    for (WsClient device : devices) {
      JsonObject read = device.next("read");
      assertThat(read.getString("conversationId")).isEqualTo(conversation);
      assertThat(read.getString("userId")).isEqualTo(bob.userId());
      assertThat(read.getString("messageId")).isEqualTo(messageIds.get(1));
    }
    assertThat(reads(carol).getString(bob.userId())).isEqualTo(messageIds.get(1));
  }

  @Test
  @DisplayName("the cursor never moves back; it moves forward and the others are told")
  void cursorOnlyMovesForward() {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    assertThat(markRead(bob, messageIds.get(1))).isEqualTo(messageIds.get(1));
    assertThat(alicePhone.next("read").getString("messageId")).isEqualTo(messageIds.get(1));

    assertThat(markRead(bob, messageIds.get(0))).as("cursor after reading an older message").isEqualTo(messageIds.get(1));
    assertThat(reads(alice).getString(bob.userId())).isEqualTo(messageIds.get(1));

    assertThat(markRead(bob, messageIds.get(2))).isEqualTo(messageIds.get(2));
    assertThat(alicePhone.next("read", f -> f.getString("messageId").equals(messageIds.get(2))).getString("userId"))
        .isEqualTo(bob.userId());
    assertThat(reads(carol).getString(bob.userId())).isEqualTo(messageIds.get(2));
  }

  @Test
  @DisplayName("GET read lists the members who have read something, and not those who have not")
  void readsListsReaders() {
    markRead(carol, messageIds.get(0));
    JsonObject reads = reads(alice);
    assertThat(reads.getString(carol.userId())).isEqualTo(messageIds.get(0));
    assertThat(reads.fieldNames()).doesNotContain(bob.userId());
  }

  @Test
  @DisplayName("read receipts work in a direct conversation too")
  void directConversation() {
    String direct = Conversations.direct(alice, bob);
    String messageId = server.device(vertx, alice, "phone2").ack(Frames.textTo(bob, "dm")).getString("messageId");
    WsClient alicePhone = server.device(vertx, alice, "phone");
    server.device(vertx, bob, "phone").send(Frames.read(direct, messageId));
    assertThat(alicePhone.next("read").getString("conversationId")).isEqualTo(direct);
    assertThat(api.get("/v1/conversations/" + direct + "/read", alice.token()).expect(200)
        .getJsonObject("reads").getString(bob.userId())).isEqualTo(messageId);
  }

  @Test
  @DisplayName("a non-member marking read is NOT_MEMBER (403 over HTTP, an error frame over WebSocket)")
  void nonMember() {
    TestUser eve = api.newUser("eve");
    api.put(readPath(), eve.token(), new JsonObject().put("messageId", messageIds.get(0))).expectError(403, "NOT_MEMBER");
    server.device(vertx, eve, "phone").expectError(Frames.read(conversation, messageIds.get(0)), "NOT_MEMBER");
  }

  @Test
  @DisplayName("a read without a valid messageId is 400 INVALID")
  void invalid() {
    api.put(readPath(), bob.token(), new JsonObject()).expectError(400, "INVALID");
    api.put(readPath(), bob.token(), new JsonObject().put("messageId", 5)).expectError(400, "INVALID");
    api.put(readPath(), bob.token(), new JsonObject().put("messageId", "not-an-id")).expectError(400, "INVALID");
  }

  private String markRead(TestUser reader, String messageId) {
    JsonObject answer = api.put(readPath(), reader.token(), new JsonObject().put("messageId", messageId)).expect(200);
    assertThat(answer.getString("conversationId")).isEqualTo(conversation);
    return answer.getString("messageId");
  }

  private JsonObject reads(TestUser member) {
    return api.get(readPath(), member.token()).expect(200).getJsonObject("reads");
  }

  private String readPath() {
    return "/v1/conversations/" + conversation + "/read";
  }
}
