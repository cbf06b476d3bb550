package io.parley.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typos and out-of-range values in the merged tree stop the node, naming the key; valid values still parse. */
class ConfigValidationTest {

  static JsonObject defaults() throws Exception {
    return new JsonObject(Files.readString(Path.of("conf/config.json")));
  }

  @Test
  @DisplayName("a misspelt key fails naming it, while the key spelt right parses (positive control)")
  void misspeltKey() throws Exception {
    JsonObject typo = defaults();
    typo.getJsonObject("storage").put("fsynk", true);
    assertThatThrownBy(() -> ChatConfig.from(typo)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.fsynk").hasMessageContaining("unknown");

    JsonObject right = defaults();
    right.getJsonObject("storage").put("fsync", true);
    assertThat(ChatConfig.from(right).storage().fsync()).isTrue();
  }

  @Test
  @DisplayName("every unknown key is named at once: nested ones, whole unknown sections, keys inside known ones")
  void everyUnknownKeyNamed() throws Exception {
    JsonObject tree = defaults();
    tree.getJsonObject("http").put("prot", 9090);
    tree.getJsonObject("gateway").put("limits", new JsonObject().put("maxFrameBytes", 1));
    tree.put("federation", new JsonObject().put("enabled", true));
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.prot").hasMessageContaining("gateway.limits").hasMessageContaining("federation")
        .hasMessageNotContaining("federation.enabled");
  }

  @Test
  @DisplayName("gateway.allowedOrigins takes origins only; a URL with a path fails naming the key")
  void allowedOrigins() throws Exception {
    JsonObject bad = defaults();
    bad.getJsonObject("gateway").put("allowedOrigins", new JsonArray().add("https://chat.example.com/app"));
    assertThatThrownBy(() -> ChatConfig.from(bad)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.allowedOrigins");

    JsonObject good = defaults();
    good.getJsonObject("gateway").put("allowedOrigins", "https://chat.example.com, http://localhost:3000");
    assertThat(ChatConfig.from(good).gateway().allowedOrigins())
        .containsExactly("https://chat.example.com", "http://localhost:3000");
  }

  @ParameterizedTest(name = "http.port={0}")
  @ValueSource(strings = {"4294975376", "-1", "65536", "8080.5", "\"8080.5\"", "\"4294975376\"", "\"80a\"",
      "\"\"", "true", "[8080]"})
  @DisplayName("an integer out of range, a fraction or a non-number fails naming http.port and its range")
  void badIntegers(String json) throws Exception {
    JsonObject tree = defaults();
    tree.getJsonObject("http").put("port", new JsonArray("[" + json + "]").getValue(0));
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port").hasMessageContaining("[0, 65535]");
  }

  @ParameterizedTest(name = "http.port={0}")
  @ValueSource(strings = {"9090", "\"9090\"", "\" 9090 \"", "0", "65535"})
  @DisplayName("integers in range parse from numbers and strings (positive control)")
  void goodIntegers(String json) throws Exception {
    JsonObject tree = defaults();
    Object value = new JsonArray("[" + json + "]").getValue(0);
    tree.getJsonObject("http").put("port", value);
    assertThat(ChatConfig.from(tree).http().port()).isEqualTo(Integer.parseInt(value.toString().trim()));
  }

  @ParameterizedTest(name = "storage.fsync={0}")
  @ValueSource(strings = {"yes", "1", "TRUE", "False", ""})
  @DisplayName("a boolean is true or false only")
  void badBooleans(String value) throws Exception {
    JsonObject tree = defaults();
    tree.getJsonObject("storage").put("fsync", value);
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.fsync").hasMessageContaining("true or false");
  }

  @Test
  @DisplayName("comma lists are trimmed, and an empty item fails naming the key")
  void commaLists() throws Exception {
    JsonObject spaced = defaults();
    spaced.getJsonObject("node").put("verticles", " gateway , routing,storage ");
    assertThat(ChatConfig.from(spaced).node().verticles()).containsExactlyInAnyOrder("gateway", "routing", "storage");

    for (String bad : new String[] {"gateway,,routing", "gateway,", ""}) {
      JsonObject tree = defaults();
      tree.getJsonObject("node").put("verticles", bad);
      assertThatThrownBy(() -> ChatConfig.from(tree)).as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining("node.verticles").hasMessageContaining("empty");
    }
  }
}
