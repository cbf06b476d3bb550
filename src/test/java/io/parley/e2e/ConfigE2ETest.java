package io.parley.e2e;

import io.parley.e2e.support.ServerProcess;
import io.parley.e2e.support.TestConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Separate node processes, configured as an operator would: {@code -D} flags and environment variables. */
@DisplayName("Config: a misspelt key stops the node; PARLEY_ variables set keys")
class ConfigE2ETest {

  @Test
  @DisplayName("-Dstorage.fsynk=true (misspelt) makes the node exit non-zero, naming storage.fsynk")
  void misspeltKeyStopsTheNode() throws Exception {
    try (ServerProcess server = new ServerProcess(TestConfig.defaults().set("storage.fsynk", true))) {
      assertThat(server.runToExit()).as(server.output()).isNotZero();
      assertThat(server.output()).contains("storage.fsynk");
    }
  }

  @Test
  @DisplayName("positive control: -Dstorage.fsync=true spelt right, port given only as PARLEY_HTTP_PORT: the node "
      + "answers /health on that port")
  void environmentSetsThePort() throws Exception {
    try (ServerProcess server = new ServerProcess(TestConfig.defaults().set("storage.fsync", true))
        .portByEnvironment().start()) {
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }
}
