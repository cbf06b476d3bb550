package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.RawWebSocket;
import io.parley.e2e.support.ServerProcess;
import io.parley.e2e.support.TestConfig;
import io.parley.e2e.support.TestUser;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Shutdown over SockJS: sessions are moved with a reconnect frame and 4002, new ones refused 503")
class SockJsDrainE2ETest {
  @Test
  @DisplayName("SIGTERM: a polling session gets reconnect then c[4002], a SockJS WebSocket too; an open is refused 503")
  void sigtermMovesSockJsSessions(Vertx vertx) throws Exception {
    try (ServerProcess node = new ServerProcess(TestConfig.defaults().set("node.drainSpreadSeconds", 1)).start()) {
      TestUser alice = new ApiClient(vertx, node.port()).newUser("alice");
      String base = "http://127.0.0.1:" + node.port() + "/v1/sockjs/1/";
      String poll = base + "drainpoll/xhr?token=" + alice.token() + "&deviceId=poller";
      assertThat(post(poll).body()).isEqualTo("o\n");
      assertThat(post(poll).body()).contains("welcome");
      SockJsE2ETest.Messages socket = new SockJsE2ETest.Messages();
      HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(base.replace("http:", "ws:")
          + "drainws/websocket?token=" + alice.token() + "&deviceId=tab"), socket).get();
      assertThat(socket.next()).isEqualTo("o");
      assertThat(socket.next()).contains("welcome");

      node.terminate();

      StringBuilder polled = new StringBuilder();
      // each gateway instance serves until the node's last device is gone, so no poll of a session another instance
      // holds is cut
      int dropped = 0;
      for (int i = 0; i < 8 && !polled.toString().contains("c["); i++) {
        try {
          polled.append(post(poll).body());
        } catch (IOException e) {
          dropped++;
        }
      }
      assertThat(dropped).as("polls dropped by a stopping instance").isZero();
      assertThat(polled.toString()).contains("reconnect").contains("c[4002,\"reconnect elsewhere\"]");
      assertThat(socket.untilContains("reconnect")).contains("afterMs");
      assertThat(socket.untilContains("c[")).isEqualTo("c[4002,\"reconnect elsewhere\"]");
    }
  }

  @Test
  @DisplayName("while draining, opening a SockJS session is refused 503 with Retry-After; before, it opens")
  void drainingRefusesOpens(Vertx vertx) throws Exception {
    try (ServerProcess node = new ServerProcess(TestConfig.defaults().set("node.drainSpreadSeconds", 3)).start()) {
      TestUser alice = new ApiClient(vertx, node.port()).newUser("alice");
      String base = "http://127.0.0.1:" + node.port() + "/v1/sockjs/1/";
      String held = base + "held/xhr?token=" + alice.token() + "&deviceId=held";
      assertThat(post(held).body()).as("positive control: opens before the drain").isEqualTo("o\n");
      // a client that never answers the close frame holds the drain open for the server's 2 s cut-off
      RawWebSocket silent = RawWebSocket.open(node.port(), "/v1/ws?deviceId=silent", alice.token());
      node.terminate();
      HttpResponse<String> refused = null;
      for (int i = 0; i < 100; i++) {
        refused = post(base + "late" + i + "/xhr?token=" + alice.token() + "&deviceId=late");
        if (refused.statusCode() == 503) {
          break;
        }
        Thread.sleep(20);
      }
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("UNAVAILABLE");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      silent.close();
    }
  }

  private static HttpResponse<String> post(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
