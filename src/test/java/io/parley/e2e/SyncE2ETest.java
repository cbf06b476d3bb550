package io.parley.e2e;

import io.parley.e2e.support.DeviceInbox;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Texts;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: inbox sync in pages, alone and interleaved with live delivery")
class SyncE2ETest {
  /** Long enough for a device to connect and sync between a few windows of the steady sender. */
  private static final Duration WINDOW_PAUSE = Duration.ofMillis(10);

  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private TestUser alice;
  @Injected private TestUser bob;
  private WsClient alicePhone;

  @BeforeEach
  void alicePhone() {
    alicePhone = server.device(vertx, alice, "phone");
  }

  @Test
  @DisplayName("250 messages sent while offline sync in pages of 100, 100, 50; caughtUp only on the last; seqs 1..250")
  void syncInPages() {
    List<String> sent = sendAll(IntStream.range(0, 250).mapToObj(i -> "offline " + i).toList());

    DeviceInbox inbox = new DeviceInbox(server.device(vertx, bob, "phone"), 100).catchUp();

    assertThat(inbox.pages()).extracting(page -> page.getJsonArray("entries").size()).containsExactly(100, 100, 50);
    assertThat(inbox.pages()).extracting(page -> page.getBoolean("caughtUp")).containsExactly(false, false, true);
    assertThat(inbox.pages()).extracting(page -> page.getLong("lastSeq")).containsOnly(250L);
    assertThat(inbox.pages()).allSatisfy(page -> assertThat(page.getString("ref")).startsWith("inbox-sync-"));
    assertThat(inbox.cursor()).isEqualTo(250);
    assertThat(messageIds(inbox)).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  @DisplayName("large messages come in smaller pages that stay within the write queue, and still all arrive in order")
  void largeMessagesPageByBytes() {
    List<String> sent = sendAll(IntStream.range(0, 6).mapToObj(i -> i + Texts.ascii(Texts.MAX_CODE_POINTS - 1))
        .toList());

    DeviceInbox inbox = new DeviceInbox(server.device(vertx, bob, "phone"), 100).catchUp();

    assertThat(inbox.pages()).hasSizeGreaterThan(1);
    assertThat(inbox.pages()).allSatisfy(page -> assertThat(page.encode().length()).isLessThan(1024 * 1024 / 2));
    assertThat(inbox.cursor()).isEqualTo(6);
    assertThat(messageIds(inbox)).containsExactlyElementsOf(sent);
  }

  @Test
  @DisplayName("a sync past the end of the inbox is an empty, caught-up page")
  void syncAtEnd() {
    sendAll(List.of("one", "two"));
    JsonObject page = server.device(vertx, bob, "phone").request(Frames.sync(2, 10));
    assertThat(page.getString("type")).isEqualTo("sync.page");
    assertThat(page.getJsonArray("entries")).isEmpty();
    assertThat(page.getValue("caughtUp")).isEqualTo(true);
    assertThat(page.getLong("lastSeq")).isEqualTo(2L);
  }

  @Test
  @DisplayName("the sender's inbox holds its own messages at the seqs its acks gave")
  void senderInbox() {
    List<JsonObject> acks = IntStream.range(0, 5).mapToObj(i -> alicePhone.ack(Frames.textTo(bob, "mine " + i))).toList();
    DeviceInbox laptop = new DeviceInbox(server.device(vertx, alice, "laptop"), 2).catchUp();
    for (JsonObject ack : acks) {
      int seq = Math.toIntExact(ack.getLong("seq"));
      assertThat(laptop.messages().get(seq - 1).getString("messageId")).isEqualTo(ack.getString("messageId"));
    }
  }

  @Test
  @DisplayName("a device syncing while messages keep arriving ends with every message exactly once, in seq order")
  void syncInterleavedWithLiveDelivery() throws Exception {
    List<String> early = sendAll(IntStream.range(0, 60).mapToObj(i -> "early " + i).toList());
    CountDownLatch halfway = new CountDownLatch(100);
    CompletableFuture<List<String>> live = CompletableFuture.supplyAsync(() -> sendSteadily(300, halfway));
    assertThat(halfway.await(30, TimeUnit.SECONDS)).as("sender made progress").isTrue();

    DeviceInbox inbox = new DeviceInbox(server.device(vertx, bob, "phone"), 20).catchUp();
    List<String> all = new ArrayList<>(early);
    all.addAll(live.get(60, TimeUnit.SECONDS));
    inbox.awaitCursor(all.size(), Duration.ofSeconds(30));

    assertThat(inbox.cursor()).isEqualTo(all.size());
    assertThat(messageIds(inbox)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    assertThat(inbox.pages().size()).as("sync pages needed").isGreaterThan(1);
    assertThat(inbox.appliedLive()).as("messages applied live, while syncing or after").isPositive();
    int fromPages = inbox.pages().stream().mapToInt(page -> page.getJsonArray("entries").size()).sum();
    assertThat(fromPages).as("entries applied or checked from sync pages").isGreaterThanOrEqualTo(early.size());
  }

  /** Sends texts pipelined on alice's phone and returns their message ids once all are acked. */
  private List<String> sendAll(List<String> texts) {
    List<CompletableFuture<JsonObject>> acks = texts.stream()
        .map(text -> alicePhone.requestAsync(Frames.textTo(bob, text))).toList();
    return acks.stream().map(ack -> acked(ack.join())).toList();
  }

  /** Windows of five sends in flight with a pause between, so live frames keep coming while bob connects and syncs. */
  private List<String> sendSteadily(int count, CountDownLatch progress) {
    List<String> ids = new ArrayList<>();
    for (int start = 0; start < count; start += 5) {
      pause(WINDOW_PAUSE);
      List<String> window = IntStream.range(start, Math.min(count, start + 5)).mapToObj(i -> "live " + i).toList();
      for (String id : sendAll(window)) {
        ids.add(id);
        progress.countDown();
      }
    }
    return ids;
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String acked(JsonObject answer) {
    assertThat(answer.getString("type")).as("answer %s", answer).isEqualTo("ack");
    return answer.getString("messageId");
  }

  private static List<String> messageIds(DeviceInbox inbox) {
    return inbox.messages().stream().map(m -> m.getString("messageId")).toList();
  }
}
