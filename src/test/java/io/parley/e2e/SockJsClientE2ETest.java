package io.parley.e2e;

import io.parley.e2e.support.Injected;
import io.parley.e2e.support.NodeScript;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/v1/sockjs through the real npm sockjs-client, one transport at a time")
class SockJsClientE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config);

  @Injected private TestUser alice;

  @Test
  @DisplayName("websocket, xhr-streaming, xhr-polling, eventsource: welcome, a sync answered, 4409 when replaced")
  void everyTransport() throws Exception {
    Path scripts = Path.of("src", "test", "node");
    NodeScript.installPackages(scripts);
    String output = NodeScript.named("sockjs-transports")
        .args(scripts.resolve("sockjs-transports.cjs").toString())
        .env("PARLEY_URL", NodeScript.url(server.port()))
        .env("TOKEN", alice.token())
        .runAndExpectSuccess(Duration.ofMinutes(2));
    List<JsonObject> runs = output.lines().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
    assertThat(runs).extracting(run -> run.getString("transport"))
        .containsExactly("websocket", "xhr-streaming", "xhr-polling", "eventsource");
    for (JsonObject run : runs) {
      assertThat(run.getJsonArray("frames").getList()).as(run.encode()).startsWith("welcome").contains("sync.page");
      assertThat(run.getJsonObject("close").getInteger("code")).as(run.encode()).isEqualTo(4409);
      assertThat(run.getJsonObject("close").getString("reason")).isEqualTo("connected elsewhere");
    }
  }
}
