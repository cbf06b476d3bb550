package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.DeviceInbox;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.parley.e2e.support.Texts;
import io.parley.e2e.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("WebSocket: sync pages stay within their byte budget, counted in UTF-8 bytes")
class SyncPageBytesE2ETest {
  /** A quarter of the default gateway.writeQueueMaxBytes (1 MiB), as PROTOCOL.md promises. */
  private static final int PAGE_BUDGET_BYTES = 1024 * 1024 / 4;
  /** Three UTF-8 bytes but one UTF-16 unit each, so a budget counted in chars overruns threefold. */
  private static final int CJK = 0x6F22;
  private static final int MESSAGES = 24;

  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Test
  @DisplayName("with CJK texts of 60 KB each, every page frame is within a quarter of the write queue and holds several")
  void cjkPagesWithinBudget(Vertx vertx) {
    ApiClient api = server.api(vertx);
    TestUser alice = api.newUser("alice");
    TestUser bob = api.newUser("bob");
    WsClient phone = server.device(vertx, alice, "phone");
    List<CompletableFuture<JsonObject>> acks = IntStream.range(0, MESSAGES)
        .mapToObj(i -> phone.requestAsync(Frames.textTo(bob, i + Texts.repeat(CJK, 20_000)))).toList();
    acks.forEach(ack -> assertThat(ack.join().getString("type")).isEqualTo("ack"));

    DeviceInbox inbox = new DeviceInbox(server.device(vertx, bob, "phone"), 100).catchUp();

    assertThat(inbox.cursor()).isEqualTo(MESSAGES);
    List<Integer> pageBytes = inbox.pages().stream()
        .map(page -> page.encode().getBytes(StandardCharsets.UTF_8).length).toList();
    assertThat(pageBytes).as("UTF-8 bytes of each page").allSatisfy(bytes ->
        assertThat(bytes).isLessThanOrEqualTo(PAGE_BUDGET_BYTES));
    assertThat(inbox.pages().stream().map(page -> page.getJsonArray("entries").size()).toList())
        .as("entries of each page").anySatisfy(entries -> assertThat(entries).isGreaterThan(1));
  }
}
