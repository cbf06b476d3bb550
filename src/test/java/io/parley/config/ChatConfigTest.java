package io.parley.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatConfigTest {

  private static JsonObject defaults() throws Exception {
    return new JsonObject(Files.readString(Path.of("conf/config.json")));
  }

  @Test
  @DisplayName("conf/config.json parses to the documented defaults")
  void defaultsParse() throws Exception {
    ChatConfig config = ChatConfig.from(defaults());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.storage().type()).isEqualTo("embedded");
    assertThat(config.storage().fsync()).isFalse();
    assertThat(config.presence().offlineAfterSeconds()).isEqualTo(30);
    assertThat(config.node().verticles()).containsExactlyInAnyOrderElementsOf(NodeConfig.ALL_VERTICLES);
    assertThat(config.metrics()).isEqualTo(new MetricsConfig(true, "127.0.0.1", 9464));
    assertThat(config.node().effectiveEventLoops()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
  }

  @Test
  @DisplayName("bad values fail fast naming their key")
  void badValuesNameTheKey() throws Exception {
    JsonObject unknownStore = defaults();
    unknownStore.getJsonObject("storage").put("type", "mongo");
    assertThatThrownBy(() -> ChatConfig.from(unknownStore)).hasMessageContaining("storage.type");

    JsonObject badPort = defaults();
    badPort.getJsonObject("http").put("port", "eighty");
    assertThatThrownBy(() -> ChatConfig.from(badPort)).hasMessageContaining("http.port");

    JsonObject tightFrames = defaults();
    tightFrames.getJsonObject("gateway").put("maxFrameBytes", 262_144);
    assertThatThrownBy(() -> ChatConfig.from(tightFrames)).hasMessageContaining("gateway.maxFrameBytes");

    JsonObject graceTooShort = defaults();
    graceTooShort.getJsonObject("presence").put("offlineAfterSeconds", 5);
    assertThatThrownBy(() -> ChatConfig.from(graceTooShort)).hasMessageContaining("presence.offlineAfterSeconds");

    JsonObject badMetricsPort = defaults();
    badMetricsPort.getJsonObject("metrics").put("port", 70_000);
    assertThatThrownBy(() -> ChatConfig.from(badMetricsPort)).hasMessageContaining("metrics.port");

    JsonObject negativeLoops = defaults();
    negativeLoops.getJsonObject("node").put("eventLoops", -1);
    assertThatThrownBy(() -> ChatConfig.from(negativeLoops)).hasMessageContaining("node.eventLoops");

    JsonObject noAuth = defaults();
    noAuth.remove("auth");
    assertThatThrownBy(() -> ChatConfig.from(noAuth)).hasMessageContaining("auth");
  }

  @Test
  @DisplayName("system-property overrides arrive as strings and still parse")
  void stringOverrides() throws Exception {
    JsonObject config = defaults();
    config.getJsonObject("http").put("port", "9090");
    config.getJsonObject("storage").put("fsync", "true");
    config.getJsonObject("node").put("verticles", "gateway,routing");
    ChatConfig parsed = ChatConfig.from(config);
    assertThat(parsed.http().port()).isEqualTo(9090);
    assertThat(parsed.storage().fsync()).isTrue();
    assertThat(parsed.node().verticles()).containsExactlyInAnyOrder("gateway", "routing");
  }
}
