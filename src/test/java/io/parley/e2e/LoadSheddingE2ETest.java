package io.parley.e2e;

import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.Scrape;
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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Load shedding: sends past gateway.maxPendingSends are refused at once and succeed when resent")
class LoadSheddingE2ETest {
  private static final int BATCH = 40;
  private static final int MAX_BATCHES = 5;

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("gateway.maxPendingSends", 1)
      .set("gateway.messagesPerSecond", 100_000)
      .set("gateway.messageBurst", 100_000));

  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("refusals are UNAVAILABLE with retryAfter and clientMessageId, store nothing, and resending delivers each message once")
  void refusedSendsAreResent(Vertx vertx) throws InterruptedException {
    WsClient alicePhone = server.device(vertx, alice, "phone");
    WsClient bobPhone = server.device(vertx, bob, "phone");
    Scrape before = Scrape.of(server.metricsApi(vertx).get("/metrics", null));

    // a whole batch in flight at once: while the first send awaits storage, the gateway takes no other
    List<JsonObject> sends = new ArrayList<>();
    List<JsonObject> refusals = new ArrayList<>();
    Set<String> acked = new HashSet<>();
    for (int batch = 0; batch < MAX_BATCHES && refusals.isEmpty(); batch++) {
      List<JsonObject> frames = IntStream.range(0, BATCH)
          .mapToObj(i -> Frames.textTo(bob, "shed " + sends.size() + i, "shed-" + (sends.size() + i))).toList();
      sends.addAll(frames);
      List<CompletableFuture<JsonObject>> answers = frames.stream().map(alicePhone::requestAsync).toList();
      for (CompletableFuture<JsonObject> answer : answers) {
        JsonObject frame = answer.join();
        if ("ack".equals(frame.getString("type"))) {
          acked.add(frame.getString("clientMessageId"));
        } else {
          refusals.add(frame);
        }
      }
    }

    assertThat(refusals).as("refused among %d sends", sends.size()).isNotEmpty().allSatisfy(error -> {
      assertThat(error.getString("code")).isEqualTo("UNAVAILABLE");
      assertThat(error.getLong("retryAfter")).isBetween(100L, 300L);
      assertThat(error.getString("clientMessageId")).startsWith("shed-");
    });
    assertThat(acked).as("acked").isNotEmpty().hasSize(sends.size() - refusals.size());
    String conversation = Conversations.direct(alice, bob);
    assertThat(api.history(alice, conversation, "limit=200").expect(200).getJsonArray("messages"))
        .as("stored before the resends").hasSize(acked.size());
    assertThat(Scrape.of(server.metricsApi(vertx).get("/metrics", null)).since(before, "parley_ws_sends_shed_total"))
        .isEqualTo(refusals.size());

    Thread.sleep(refusals.stream().mapToLong(error -> error.getLong("retryAfter")).max().orElseThrow());
    for (JsonObject refusal : refusals) {
      String clientMessageId = refusal.getString("clientMessageId");
      JsonObject original = sends.stream()
          .filter(send -> clientMessageId.equals(send.getString("clientMessageId"))).findFirst().orElseThrow();
      alicePhone.ack(original);
    }

    List<String> received = IntStream.range(0, sends.size())
        .mapToObj(i -> bobPhone.next("message").getJsonObject("message").getString("clientMessageId")).toList();
    assertThat(received).as("bob's messages").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(sends.stream().map(send -> send.getString("clientMessageId")).toList());
    assertThat(api.history(alice, conversation, "limit=200").expect(200).getJsonArray("messages"))
        .hasSize(sends.size());
  }
}
