package io.parley.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.parley.config.ConfigValidationTest.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order of the sources, and which environment variables and system properties count as config. */
class ConfigSourcesTest {

  private static ChatConfig parse(JsonObject file, Map<String, String> env, Map<String, String> props)
      throws Exception {
    return ChatConfig.from(new ConfigSources(defaults(), file, env, props));
  }

  @Test
  @DisplayName("defaults < file < PARLEY_ variable < system property, each level seen winning over the one below")
  void order() throws Exception {
    JsonObject file = new JsonObject().put("http", new JsonObject().put("port", 7001).put("instances", 3));
    assertThat(parse(new JsonObject(), Map.of(), Map.of()).http().port()).isEqualTo(8080);
    assertThat(parse(file, Map.of(), Map.of()).http().port()).isEqualTo(7001);

    ChatConfig byEnv = parse(file, Map.of("PARLEY_HTTP_PORT", "7002"), Map.of());
    assertThat(byEnv.http().port()).isEqualTo(7002);
    assertThat(byEnv.http().instances()).as("the file's other key stays").isEqualTo(3);

    ChatConfig bySys = parse(file, Map.of("PARLEY_HTTP_PORT", "7002"), Map.of("http.port", "7003"));
    assertThat(bySys.http().port()).isEqualTo(7003);
  }

  @Test
  @DisplayName("variable names match keys without regard to case or to underscores inside the key")
  void variableNames() throws Exception {
    assertThat(parse(new JsonObject(), Map.of("PARLEY_GATEWAY_MAXFRAMEBYTES", "2000000"), Map.of())
        .gateway().maxFrameBytes()).isEqualTo(2_000_000);
    assertThat(parse(new JsonObject(), Map.of("PARLEY_GATEWAY_MAX_FRAME_BYTES", "3000000"), Map.of())
        .gateway().maxFrameBytes()).isEqualTo(3_000_000);
    ChatConfig mixed = parse(new JsonObject(), Map.of("parley_Storage_FSYNC", "true",
        "PARLEY_NODE_VERTICLES", "gateway, routing", "PARLEY_AUTH_JWT_SECRET", "12345678901234567890123456789012"),
        Map.of());
    assertThat(mixed.storage().fsync()).isTrue();
    assertThat(mixed.node().verticles()).containsExactlyInAnyOrder("gateway", "routing");
    assertThat(mixed.auth().jwtSecret()).isEqualTo("12345678901234567890123456789012");
  }

  @Test
  @DisplayName("an unknown PARLEY_ variable fails naming it; PARLEY_CONFIG and other variables are not keys")
  void unknownVariable() throws Exception {
    assertThatThrownBy(() -> parse(new JsonObject(), Map.of("PARLEY_HTTP_PROT", "9090"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PARLEY_HTTP_PROT");
    assertThatThrownBy(() -> parse(new JsonObject(), Map.of("PARLEY_PORT", "9090"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PARLEY_PORT");
    assertThatThrownBy(() -> parse(new JsonObject(), Map.of("PARLEY_HTTP_PORT", "99999"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.port").hasMessageContaining("[0, 65535]");
    assertThatThrownBy(() -> parse(new JsonObject(),
        Map.of("PARLEY_GATEWAY_MAXFRAMEBYTES", "2000000", "PARLEY_GATEWAY_MAX_FRAME_BYTES", "3000000"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.maxFrameBytes");

    ChatConfig ignored = parse(new JsonObject(),
        Map.of("PARLEY_CONFIG", "/etc/parley.json", "PATH", "/usr/bin", "HTTP_PORT", "1"), Map.of());
    assertThat(ignored.http().port()).isEqualTo(8080);
  }

  @Test
  @DisplayName("system properties outside the config's sections (java.*, user.*, the JDK's http.proxyHost) are "
      + "ignored; a misspelt key inside a section fails")
  void systemProperties() throws Exception {
    Map<String, String> jvm = Map.of("java.home", "/usr/lib/jvm", "user.dir", "/work", "parley.config", "x.json",
        "surefire.test.class.path", "a.jar", "http.proxyHost", "proxy", "http.nonProxyHosts", "localhost",
        "http.port", "9090", "storage.fsync", "true");
    ChatConfig config = parse(new JsonObject(), Map.of(), jvm);
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.storage().fsync()).isTrue();

    assertThatThrownBy(() -> parse(new JsonObject(), Map.of(), Map.of("storage.fsynk", "true")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("storage.fsynk");
  }
}
