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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: conversation history, paged before and after a message id")
class HistoryE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  private String conversation;
  private WsClient alicePhone;
  private WsClient bobPhone;

  @BeforeEach
  void phones() {
    conversation = Conversations.direct(alice, bob);
    alicePhone = server.device(vertx, alice, "phone");
    bobPhone = server.device(vertx, bob, "phone");
  }

  @Test
  @DisplayName("pages go backwards with before and forwards with after, ascending, with hasMore right at each edge")
  void paging() {
    List<String> ids = IntStream.rangeClosed(1, 7)
        .mapToObj(i -> (i % 2 == 0 ? bobPhone.ack(Frames.textTo(alice, "m" + i)) : alicePhone.ack(Frames.textTo(bob, "m" + i))))
        .map(ack -> ack.getString("messageId")).toList();
    assertThat(ids).isSorted();

    assertPage("limit=3", ids.subList(4, 7), true);
    assertPage("before=" + ids.get(4) + "&limit=3", ids.subList(1, 4), true);
    assertPage("before=" + ids.get(1) + "&limit=3", ids.subList(0, 1), false);
    assertPage("before=" + ids.get(3) + "&limit=3", ids.subList(0, 3), false);
    assertPage("after=" + ids.get(0) + "&limit=3", ids.subList(1, 4), true);
    assertPage("after=" + ids.get(3) + "&limit=3", ids.subList(4, 7), false);
    assertPage("after=" + ids.get(6), List.of(), false);
    assertPage("", ids, false);
  }

  @Test
  @DisplayName("messages carry the full message object, for both members alike")
  void messageObjects() {
    JsonObject ack = alicePhone.ack(Frames.textTo(bob, "hello"));
    JsonObject seenByAlice = api.history(alice, conversation, "").expect(200).getJsonArray("messages").getJsonObject(0);
    JsonObject seenByBob = api.history(bob, conversation, "").expect(200).getJsonArray("messages").getJsonObject(0);
    assertThat(seenByAlice).isEqualTo(seenByBob);
    assertThat(seenByAlice.getString("messageId")).isEqualTo(ack.getString("messageId"));
    assertThat(seenByAlice.getString("conversationId")).isEqualTo(conversation);
    assertThat(seenByAlice.getString("from")).isEqualTo(alice.userId());
    assertThat(seenByAlice.getString("clientMessageId")).isEqualTo(ack.getString("clientMessageId"));
    assertThat(seenByAlice.getString("text")).isEqualTo("hello");
    assertThat(seenByAlice.getLong("timestamp")).isEqualTo(ack.getLong("timestamp"));
  }

  @Test
  @DisplayName("without a limit a page holds 50, the newest")
  void defaultLimit() {
    List<CompletableFuture<JsonObject>> sends = IntStream.range(0, 55)
        .mapToObj(i -> alicePhone.requestAsync(Frames.textTo(bob, "n" + i))).toList();
    List<String> ids = sends.stream().map(CompletableFuture::join).map(ack -> ack.getString("messageId")).sorted().toList();
    assertPage("", ids.subList(5, 55), true);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"limit=0", "limit=201", "limit=ten", "before=xyz", "after=0194D2C3A1B0000G",
      "before=0000000000000001&after=0000000000000000", "around=xyz", "around=", "around=8000000000000000",
      "around=0000000000000001&before=0000000000000002", "around=0000000000000001&after=0000000000000000",
      "around=0000000000000001&limit=0"})
  @DisplayName("a bad limit, a bad message id, or more than one of before, after and around is 400 INVALID")
  void badQuery(String query) {
    api.history(alice, conversation, query).expectError(400, "INVALID");
  }

  @Test
  @DisplayName("around a message: the message, (limit - 1) / 2 older ones and the rest newer, with hasMore each way")
  void around() {
    List<String> ids = IntStream.rangeClosed(1, 9)
        .mapToObj(i -> alicePhone.ack(Frames.textTo(bob, "a" + i)).getString("messageId")).toList();

    assertAround("around=" + ids.get(4) + "&limit=5", ids.subList(2, 7), true, true);
    assertAround("around=" + ids.get(4) + "&limit=4", ids.subList(3, 7), true, true);
    assertAround("around=" + ids.get(1) + "&limit=5", ids.subList(0, 4), false, true);
    assertAround("around=" + ids.get(8) + "&limit=5", ids.subList(6, 9), true, false);
    assertAround("around=" + ids.get(4) + "&limit=1", ids.subList(4, 5), true, true);
    assertAround("around=" + ids.get(4), ids, false, false);
    JsonObject bobsView = api.history(bob, conversation, "around=" + ids.get(0) + "&limit=3").expect(200);
    assertThat(bobsView.getJsonArray("messages").getJsonObject(0).getString("messageId")).isEqualTo(ids.get(0));
  }

  @Test
  @DisplayName("around an unknown id, or one of another conversation, is 404 NOT_FOUND; around its own id is 200")
  void aroundUnknown() {
    String here = alicePhone.ack(Frames.textTo(bob, "here")).getString("messageId");
    TestUser carol = api.newUser("carol");
    String elsewhere = alicePhone.ack(Frames.textTo(carol, "elsewhere")).getString("messageId");

    api.history(alice, conversation, "around=" + elsewhere).expectError(404, "NOT_FOUND");
    api.history(alice, conversation, "around=0000000000000001").expectError(404, "NOT_FOUND");
    api.history(alice, conversation, "around=" + here).expect(200);
    api.history(alice, Conversations.direct(alice, carol), "around=" + elsewhere).expect(200);
  }

  @Test
  @DisplayName("around in someone else's conversation is 403 NOT_MEMBER, before looking for the message")
  void aroundNotMember() {
    String id = alicePhone.ack(Frames.textTo(bob, "private")).getString("messageId");
    TestUser eve = api.newUser("eve");
    api.history(eve, conversation, "around=" + id).expectError(403, "NOT_MEMBER");
    api.history(eve, conversation, "around=0000000000000001").expectError(403, "NOT_MEMBER");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"nonsense", "dm:abc:def", "group:xyz", "dm:0000000000000001"})
  @DisplayName("a malformed conversation id is 400 INVALID")
  void badConversationId(String conversationId) {
    api.history(alice, conversationId, "").expectError(400, "INVALID");
  }

  @Test
  @DisplayName("reading someone else's direct conversation is 403 NOT_MEMBER")
  void notMember() {
    alicePhone.ack(Frames.textTo(bob, "private"));
    TestUser eve = api.newUser("eve");
    api.history(eve, conversation, "").expectError(403, "NOT_MEMBER");
  }

  private void assertAround(String query, List<String> expectedIds, boolean moreBefore, boolean moreAfter) {
    JsonObject page = api.history(alice, conversation, query).expect(200);
    assertThat(page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("messageId")).toList())
        .as("page %s", query).containsExactlyElementsOf(expectedIds);
    assertThat(page.getValue("hasMoreBefore")).as("hasMoreBefore of %s", query).isEqualTo(moreBefore);
    assertThat(page.getValue("hasMoreAfter")).as("hasMoreAfter of %s", query).isEqualTo(moreAfter);
  }

  private void assertPage(String query, List<String> expectedIds, boolean hasMore) {
    JsonObject page = api.history(alice, conversation, query).expect(200);
    assertThat(page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("messageId")).toList())
        .as("page %s", query).containsExactlyElementsOf(expectedIds);
    assertThat(page.getValue("hasMore")).as("hasMore of %s", query).isEqualTo(hasMore);
  }
}
