package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Frames;
import io.parley.e2e.support.Scrape;
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

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Observability: Prometheus metrics and health on the metrics port")
class MetricsE2ETest {
  /** A node of its own, so its counters move only with what these tests do. */
  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config.set("metrics.enabled", true));

  private Vertx vertx;
  private ApiClient metrics;

  @BeforeEach
  void clients(Vertx vertx) {
    this.vertx = vertx;
    metrics = server.metricsApi(vertx);
  }

  @Test
  @DisplayName("connections, frames in by type, frames out and store writes move by exactly what the clients did")
  void countersFollowTraffic() {
    ApiClient api = server.api(vertx);
    TestUser alice = api.newUser("alice");
    TestUser bob = api.newUser("bob");
    Scrape before = scrape();

    WsClient alicePhone = server.device(vertx, alice, "phone", false);
    WsClient bobPhone = server.device(vertx, bob, "phone", false);
    for (int i = 0; i < 3; i++) {
      String messageId = alicePhone.ackOf(alicePhone.request(Frames.textTo(bob, "counted " + i)));
      bobPhone.nextMessage(messageId);
      alicePhone.nextMessage(messageId);
    }
    alicePhone.request(Frames.sync(0, 10));
    alicePhone.expectError(new JsonObject().put("type", "shout"), "UNKNOWN_TYPE");
    Scrape after = scrape();

    assertThat(after.since(before, "parley_ws_connections")).isEqualTo(2);
    assertThat(after.since(before, "parley_ws_connects_total")).isEqualTo(2);
    assertThat(after.since(before, "parley_ws_disconnects_total")).isZero();
    assertThat(after.since(before, "parley_ws_frames_in_total{type=\"send\"}")).isEqualTo(3);
    assertThat(after.since(before, "parley_ws_frames_in_total{type=\"sync\"}")).isEqualTo(1);
    assertThat(after.since(before, "parley_ws_frames_in_total{type=\"invalid\"}")).isEqualTo(1);
    assertThat(after.since(before, "parley_ws_frames_in_total{type=\"heartbeat\"}")).isZero();
    // 2 welcomes, 2 presence snapshots after them, 3 acks, each message to both devices, 1 sync page, 1 error
    assertThat(after.since(before, "parley_ws_frames_out_total")).isEqualTo(2 + 2 + 3 + 6 + 1 + 1);
    double writes = after.since(before, "parley_store_write_latency_seconds_count");
    assertThat(writes).as("one durable write per message at least").isGreaterThanOrEqualTo(3);
    assertThat(after.since(before, "parley_store_batch_size_sum")).as("every write is in one batch").isEqualTo(writes);
    assertThat(after.since(before, "parley_store_write_latency_seconds_sum")).isPositive();

    alicePhone.close();
    awaitSince(before, "parley_ws_disconnects_total", 1);
    assertThat(scrape().since(before, "parley_ws_connections")).isEqualTo(1);
  }

  @Test
  @DisplayName("Vert.x, JVM, process and Netty figures are exported, without a label per event-bus address")
  void platformFigures() {
    Scrape scrape = scrape();
    assertThat(scrape.value("vertx_eventbus_pending{side=\"local\"}")).isGreaterThanOrEqualTo(0);
    for (String name : List.of("vertx_eventbus_handlers", "vertx_http_server_requests_total",
        "jvm_memory_used_bytes", "jvm_buffer_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total",
        "jvm_threads_live_threads", "process_cpu_usage", "system_cpu_usage", "process_files_open_files",
        "process_resident_memory_bytes", "netty_allocator_memory_used")) {
      assertThat(scrape.has(name)).as(name).isTrue();
    }
    assertThat(scrape.value("process_resident_memory_bytes")).isGreaterThan(16 * 1024 * 1024);
    assertThat(scrape.hasLabel("address")).as("a series per event-bus address").isFalse();
  }

  @Test
  @DisplayName("GET /health answers 200 with each part UP on both ports; /metrics is not on the public port")
  void healthAndPlacement() {
    JsonObject up = new JsonObject().put("status", "UP").put("checks", new JsonObject()
        .put("draining", new JsonObject().put("status", "UP"))
        .put("presence", new JsonObject().put("status", "UP"))
        .put("storage", new JsonObject().put("status", "UP"))
        .put("verticles", new JsonObject().put("status", "UP")));
    assertThat(metrics.get("/health", null).expect(200)).isEqualTo(up);
    assertThat(server.api(vertx).get("/health", null).expect(200)).isEqualTo(up);
    server.api(vertx).get("/metrics", null).expectError(404, "NOT_FOUND");
  }

  /** The server counts a close when its side of the socket closes, which may come a moment after the client's. */
  private void awaitSince(Scrape before, String name, double expected) {
    long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
    while (scrape().since(before, name) != expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(scrape().since(before, name)).as(name).isEqualTo(expected);
  }

  private Scrape scrape() {
    return Scrape.of(metrics.get("/metrics", null));
  }
}
