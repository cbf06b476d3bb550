package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.DeviceInbox;
import io.parley.e2e.support.Frames;
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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: every member and device sees a group conversation in one order")
class ConversationOrderE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  private static final int PER_SENDER = 40;

  @Test
  @DisplayName("with three members sending at once, every device's inbox order is the history's messageId order, "
      + "and each sender's messages keep the order they were sent in")
  void oneOrderUnderConcurrentSenders(Vertx vertx) {
    ApiClient api = server.api(vertx);
    List<TestUser> members = api.newUsers("member", 4);
    String groupId = api.createGroup(members.get(0), members.subList(1, 4).toArray(TestUser[]::new)).getString("groupId");
    List<WsClient> senders = members.subList(0, 3).stream().map(m -> server.device(vertx, m, "sender")).toList();
    List<DeviceInbox> watchers = members.stream().map(m -> new DeviceInbox(server.device(vertx, m, "watcher"), 50)).toList();

    List<CompletableFuture<List<JsonObject>>> bursts = senders.stream()
        .map(sender -> CompletableFuture.supplyAsync(() -> burst(sender, groupId))).toList();
    List<String> acked = bursts.stream().flatMap(burst -> burst.join().stream()).map(ack -> ack.getString("messageId")).toList();
    assertThat(acked).hasSize(3 * PER_SENDER).doesNotHaveDuplicates();

    List<JsonObject> historyMessages = api.history(members.get(3), Conversations.group(groupId), "limit=200")
        .expect(200).getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
    // the history opens with the system message of the group's creation, which every inbox holds too
    List<String> history = historyMessages.stream().map(m -> m.getString("messageId")).toList();
    assertThat(history).isSorted();
    assertThat(historyMessages).filteredOn(m -> !m.containsKey("kind")).extracting(m -> m.getString("messageId"))
        .containsExactlyInAnyOrderElementsOf(acked);
    List<String> sentOrder = IntStream.range(0, PER_SENDER).mapToObj(i -> "n" + i).toList();
    for (TestUser sender : members.subList(0, 3)) {
      assertThat(historyMessages).filteredOn(m -> m.getString("from").equals(sender.userId()) && !m.containsKey("kind"))
          .extracting(m -> m.getString("text")).containsExactlyElementsOf(sentOrder);
    }

    for (DeviceInbox watcher : watchers) {
      watcher.awaitCursor(history.size(), Duration.ofSeconds(30));
      assertThat(watcher.messages()).extracting(m -> m.getString("messageId")).containsExactlyElementsOf(history);
    }
    DeviceInbox late = new DeviceInbox(server.device(vertx, members.get(3), "late"), 30).catchUp();
    assertThat(late.messages()).extracting(m -> m.getString("messageId")).containsExactlyElementsOf(history);
  }

  /** One member's sends, all in flight at once, answered in whatever order the server acks them. */
  private static List<JsonObject> burst(WsClient sender, String groupId) {
    List<CompletableFuture<JsonObject>> acks = IntStream.range(0, PER_SENDER)
        .mapToObj(i -> sender.requestAsync(Frames.textToGroup(groupId, "n" + i))).toList();
    return acks.stream().map(CompletableFuture::join).peek(ack -> assertThat(ack.getString("type")).isEqualTo("ack")).toList();
  }
}
