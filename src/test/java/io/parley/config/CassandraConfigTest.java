package io.parley.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code storage.cassandra} section is read on every start, with the embedded type too. */
class CassandraConfigTest {

  private static JsonObject cassandra(JsonObject tree) {
    return tree.getJsonObject("storage").getJsonObject("cassandra");
  }

  @Test
  @DisplayName("the defaults parse, and a contact point list may come as one comma-separated string")
  void defaultsParse() throws Exception {
    JsonObject tree = ConfigValidationTest.defaults();
    assertThat(ChatConfig.from(tree).storage().cassandra()).isEqualTo(new CassandraConfig(List.of("127.0.0.1:9042"),
        "datacenter1", "parley", 1, "LOCAL_QUORUM", "LOCAL_SERIAL", 5000));

    cassandra(tree).put("contactPoints", "10.0.0.1:9042, 10.0.0.2:9043");
    assertThat(ChatConfig.from(tree).storage().cassandra().contactPoints())
        .containsExactly("10.0.0.1:9042", "10.0.0.2:9043");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "contactPoints | []", "contactPoints | [\"10.0.0.1\"]", "contactPoints | [\"10.0.0.1:x\"]",
      "keyspace | \"Parley\"", "keyspace | \"drop table\"", "keyspace | \"\"", "localDatacenter | \" \"",
      "replicationFactor | 0", "consistency | \"QUOROM\"", "serialConsistency | \"LOCAL_QUORUM\"",
      "requestTimeoutMs | 99"})
  @DisplayName("a bad Cassandra setting fails naming its key")
  void badValues(String key, String json) throws Exception {
    JsonObject tree = ConfigValidationTest.defaults();
    cassandra(tree).put(key, new JsonArray("[" + json + "]").getValue(0));
    assertThatThrownBy(() -> ChatConfig.from(tree)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.cassandra." + key);
  }

  @Test
  @DisplayName("a misspelt Cassandra key is refused like any other")
  void unknownKey() throws Exception {
    JsonObject tree = ConfigValidationTest.defaults();
    cassandra(tree).put("keySpace", "x");
    assertThatThrownBy(() -> ChatConfig.from(tree)).hasMessageContaining("storage.cassandra.keySpace");
  }
}
