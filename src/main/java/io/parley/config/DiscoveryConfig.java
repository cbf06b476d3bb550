package io.parley.config;

import java.util.regex.Pattern;

/**
 * Which chat node {@code GET /v1/discovery} names to a client.
 *
 * @param policy        {@code least-loaded}: the serving node with the fewest connected devices; {@code random}: any
 *                      serving node
 * @param publicAddress {@code host:port} at which clients reach this node's HTTP and WebSocket port; empty for
 *                      {@code cluster.publicHost} (else {@code cluster.host}) and {@code http.port}
 */
public record DiscoveryConfig(String policy, String publicAddress) {
  public static final String LEAST_LOADED = "least-loaded";
  public static final String RANDOM = "random";
  private static final Pattern ADDRESS = Pattern.compile("[^\\s:/]+:\\d{1,5}");

  static DiscoveryConfig from(ConfigReader reader) {
    DiscoveryConfig config = new DiscoveryConfig(reader.oneOf("policy", LEAST_LOADED, RANDOM),
        reader.string("publicAddress"));
    if (!config.publicAddress.isEmpty() && !ADDRESS.matcher(config.publicAddress).matches()) {
      throw new ConfigException(reader.key("publicAddress"), "expected host:port or empty, got '"
          + config.publicAddress + "'");
    }
    return config;
  }

  /** The address this node gives clients: {@code publicAddress}, else the cluster's advertised host and the port. */
  public String publicAddress(ClusterConfig cluster, int httpPort) {
    return publicAddress.isEmpty() ? cluster.advertisedHost() + ":" + httpPort : publicAddress;
  }
}
