package io.parley.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No Docker engine runs here, so docker/compose.yaml is checked as the node would read it: each node's environment
 * and {@code -D} flags go through the real config sources onto the shipped defaults and the file the image copies to
 * {@code PARLEY_CONFIG}, which refuse any setting that names no key; the values then have to agree with
 * conf/cluster.json and with the compose network.
 */
class DockerComposeTest {
  private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+(\\S+)\\s*$");
  /** Compose's {@code ${VAR:?message}}: the test sets every such variable, as the operator must. */
  private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Z_]+:\\?[^}]*}");
  private static final String SECRET = "compose-test-secret-0123456789-abcdefghij";
  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");

  private final Map<String, Object> compose = read("docker/compose.yaml");
  private final JsonObject clusterProfile = json("conf/cluster.json");

  @Test
  @DisplayName("every setting the compose file passes a node is a real config key, and each node's config is valid")
  void everySettingIsAKey() {
    NODES.forEach(this::configOf);
  }

  @Test
  @DisplayName("the nodes agree with conf/cluster.json: clustered, shared stores, one name, one port, one member list")
  void agreesWithTheClusterProfile() {
    JsonObject profile = clusterProfile.getJsonObject("cluster");
    List<String> hosts = NODES.stream().map(node -> configOf(node).cluster().host()).toList();
    for (String node : NODES) {
      ChatConfig config = configOf(node);
      assertThat(config.cluster().enabled()).as(node).isTrue();
      assertThat(config.cluster().name()).as(node).isEqualTo(profile.getString("name"));
      assertThat(config.cluster().port()).as(node).isEqualTo(profile.getInteger("port"));
      assertThat(config.storage().type()).as(node).isEqualTo(clusterProfile.getJsonObject("storage").getString("type"));
      assertThat(config.presence().type()).as(node)
          .isEqualTo(clusterProfile.getJsonObject("presence").getString("type"));
      assertThat(config.cluster().members()).as(node)
          .containsExactlyInAnyOrderElementsOf(hosts.stream().map(host -> host + ":" + profile.getInteger("port"))
              .toList());
    }
    assertThat(NODES.stream().map(node -> configOf(node).node().id()).distinct()).as("node ids").hasSize(3);
  }

  @Test
  @DisplayName("each node's addresses are its own on the network: Hazelcast host, published port named by discovery, "
      + "Cassandra and Redis at their services' addresses")
  void agreesWithTheNetwork() {
    for (String node : NODES) {
      ChatConfig config = configOf(node);
      assertThat(config.cluster().host()).as(node).isEqualTo(ipOf(node));
      String published = ((List<?>) service(node).get("ports")).get(0).toString();
      assertThat(published).as(node).isEqualTo(config.publicAddress().split(":")[1] + ":" + config.http().port());
      assertThat(config.storage().cassandra().contactPoints()).as(node).containsExactly(ipOf("cassandra") + ":9042");
      assertThat(config.presence().redis().url()).as(node).isEqualTo("redis://" + ipOf("redis") + ":6379");
    }
  }

  @Test
  @DisplayName("positive control: a misspelt variable in a node's environment is refused, naming it")
  void misspeltVariableRefused() {
    Map<String, String> environment = new HashMap<>(environmentOf("node-1"));
    environment.put("PARLEY_CLUSTER_HOSTS", "172.28.0.11");
    assertThatThrownBy(() -> ChatConfig.from(new ConfigSources(json("conf/config.json"), clusterProfile, environment,
        propertiesOf("node-1")))).isInstanceOf(ConfigException.class).hasMessageContaining("PARLEY_CLUSTER_HOSTS");
  }

  private ChatConfig configOf(String node) {
    Map<String, String> environment = environmentOf(node);
    JsonObject file = json(imageSource(environment.get(ConfigSources.FILE_VARIABLE)));
    return ChatConfig.from(new ConfigSources(json("conf/config.json"), file, environment, propertiesOf(node)));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> service(String name) {
    return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> environmentOf(String node) {
    Map<String, String> environment = new HashMap<>();
    ((Map<String, Object>) service(node).get("environment")).forEach((name, value) ->
        environment.put(name, REQUIRED_VARIABLE.matcher(String.valueOf(value)).replaceAll(SECRET)));
    return environment;
  }

  /** The {@code -Dkey=value} flags of {@code JAVA_TOOL_OPTIONS}, which the JVM reads as if on its command line. */
  private Map<String, String> propertiesOf(String node) {
    Map<String, String> properties = new HashMap<>();
    Arrays.stream(environmentOf(node).getOrDefault("JAVA_TOOL_OPTIONS", "").split("\\s+"))
        .filter(flag -> flag.startsWith("-D"))
        .forEach(flag -> properties.put(flag.substring(2, flag.indexOf('=')), flag.substring(flag.indexOf('=') + 1)));
    return properties;
  }

  @SuppressWarnings("unchecked")
  private String ipOf(String service) {
    Map<String, Object> networks = (Map<String, Object>) service(service).get("networks");
    return ((Map<String, Object>) networks.get("parley")).get("ipv4_address").toString();
  }

  /** The file of this repository that docker/Dockerfile copies to {@code imagePath}. */
  private static String imageSource(String imagePath) {
    Matcher copy = COPY.matcher(text("docker/Dockerfile"));
    while (copy.find()) {
      if (copy.group(2).equals(imagePath)) {
        return copy.group(1);
      }
    }
    throw new AssertionError("docker/Dockerfile copies nothing to " + imagePath);
  }

  private static Map<String, Object> read(String path) {
    return new Yaml().load(text(path));
  }

  private static JsonObject json(String path) {
    return new JsonObject(text(path));
  }

  private static String text(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + path, e);
    }
  }
}
