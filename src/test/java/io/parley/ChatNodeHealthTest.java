package io.parley;

import io.parley.config.ChatConfig;
import io.parley.e2e.support.FreePort;
import io.parley.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole node's readiness over real sockets: the metrics listener outlives the node's verticles and store, so a
 * probe during shutdown is told which parts are down.
 */
class ChatNodeHealthTest {
  private static final long TIMEOUT_SECONDS = 30;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("/health is 200 while the node runs, and 503 naming the store and every verticle once it stops")
  void downOnceStopped(@TempDir Path dataDir) throws Exception {
    int metricsPort = FreePort.pick();
    JsonObject tree = new JsonObject(Files.readString(Path.of("conf/config.json")));
    tree.getJsonObject("http").put("host", "127.0.0.1").put("port", FreePort.pick());
    tree.getJsonObject("metrics").put("port", metricsPort);
    tree.getJsonObject("storage").put("dataDir", dataDir.toString());
    tree.getJsonObject("auth").put("passwordIterations", 1000);
    ChatConfig config = ChatConfig.from(tree);
    NodeMetrics metrics = NodeMetrics.create(config.metrics());
    vertx = metrics.newVertx(config.node().effectiveEventLoops());
    ChatNode node = ChatNode.start(vertx, config, Clock.systemUTC(), metrics)
        .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    HttpResponse<String> running = health(metricsPort);
    assertThat(running.statusCode()).as(running.body()).isEqualTo(200);
    assertThat(new JsonObject(running.body()).getString("status")).isEqualTo("UP");

    node.stop().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    HttpResponse<String> stopped = health(metricsPort);
    assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(503);
    JsonObject body = new JsonObject(stopped.body());
    assertThat(body.getString("status")).isEqualTo("DOWN");
    assertThat(body.getJsonObject("checks").getJsonObject("storage"))
        .isEqualTo(new JsonObject().put("status", "DOWN").put("reason", "storage closed"));
    assertThat(body.getJsonObject("checks").getJsonObject("verticles"))
        .isEqualTo(new JsonObject().put("status", "DOWN")
            .put("reason", "not deployed: gateway, routing, storage, presence, push"));
  }

  private HttpResponse<String> health(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
