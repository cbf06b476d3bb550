package io.parley.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Cluster mode: the node joins other nodes over Hazelcast, members found through a fixed TCP/IP list (never
 * multicast), and the event bus spans them.
 *
 * @param enabled    join a cluster; needs the shared backends and one token key for all nodes (checked in
 *                   {@link ChatConfig})
 * @param name       the cluster's name: only members with the same name join each other
 * @param host       the interface Hazelcast and the event bus listen on
 * @param publicHost the address other members reach this one at, when it differs from {@code host} (NAT, containers);
 *                   empty for {@code host}
 * @param port       Hazelcast's member port
 * @param busPort    the clustered event bus's port; 0 picks a free one (members learn it through Hazelcast)
 * @param members    {@code host:port} of the members to join; this node's own address may be among them
 * @param userAddresses how publishes find a user's nodes: {@link #CONSUMERS}, a clustered consumer of the user's
 *                   address per node holding the user (one {@code __vertx.subs} entry each), or {@link #DIRECTORY},
 *                   node-local consumers and the cluster user directory (docs/DESIGN.md, "Cluster")
 */
public record ClusterConfig(boolean enabled, String name, String host, String publicHost, int port, int busPort,
    List<String> members, String userAddresses) {
  public static final String CONSUMERS = "consumers";
  public static final String DIRECTORY = "directory";

  private static final Pattern MEMBER = Pattern.compile("[^\\s:]+:\\d{1,5}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  static ClusterConfig from(ConfigReader reader) {
    ClusterConfig config = new ClusterConfig(reader.bool("enabled"), reader.string("name"), reader.string("host"),
        reader.string("publicHost"), reader.integer("port", 1, 65535), reader.integer("busPort", 0, 65535),
        reader.strings("members"), reader.oneOf("userAddresses", CONSUMERS, DIRECTORY));
    if (!NAME.matcher(config.name).matches()) {
      throw new ConfigException(reader.key("name"), "must be 1 to 64 letters, digits, '.', '_' or '-', got '"
          + config.name + "'");
    }
    if (config.host.isBlank()) {
      throw new ConfigException(reader.key("host"), "must not be empty");
    }
    config.members.stream().filter(member -> !MEMBER.matcher(member).matches()).findFirst().ifPresent(member -> {
      throw new ConfigException(reader.key("members"), "expected host:port, got '" + member + "'");
    });
    if (config.enabled && config.members.isEmpty()) {
      throw new ConfigException(reader.key("members"), "cluster.enabled needs at least one member to join (host:port)");
    }
    return config;
  }

  /** The address other members reach this one at. */
  public String advertisedHost() {
    return publicHost.isEmpty() ? host : publicHost;
  }
}
