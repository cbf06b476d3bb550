package io.parley.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Cassandra storage backend ({@code storage.type: cassandra}); read on every start whatever the type.
 *
 * @param contactPoints     {@code host:port} of nodes to reach the cluster through
 * @param localDatacenter   the datacenter whose nodes the driver sends requests to; also where the keyspace replicates
 * @param keyspace          created with its tables when missing
 * @param replicationFactor replicas in the local datacenter, used only when the keyspace is created
 * @param consistency       of every read and write, e.g. {@code LOCAL_QUORUM}
 * @param serialConsistency of the conditional writes (lightweight transactions) that number inboxes
 * @param requestTimeoutMs  the most any one query may take before it fails
 */
public record CassandraConfig(List<String> contactPoints, String localDatacenter, String keyspace,
    int replicationFactor, String consistency, String serialConsistency, int requestTimeoutMs) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,47}");
  private static final Pattern CONTACT_POINT = Pattern.compile("[^\\s:]+:\\d{1,5}");

  static CassandraConfig from(ConfigReader reader) {
    List<String> contactPoints = reader.strings("contactPoints");
    if (contactPoints.isEmpty()) {
      throw new ConfigException(reader.key("contactPoints"), "needs at least one host:port");
    }
    contactPoints.stream().filter(point -> !CONTACT_POINT.matcher(point).matches()).findFirst().ifPresent(point -> {
      throw new ConfigException(reader.key("contactPoints"), "expected host:port, got '" + point + "'");
    });
    String keyspace = reader.string("keyspace");
    if (!IDENTIFIER.matcher(keyspace).matches()) {
      throw new ConfigException(reader.key("keyspace"),
          "must be a lowercase letter then up to 47 lowercase letters, digits or _, got '" + keyspace + "'");
    }
    String localDatacenter = reader.string("localDatacenter");
    if (localDatacenter.isBlank()) {
      throw new ConfigException(reader.key("localDatacenter"), "must not be empty");
    }
    return new CassandraConfig(contactPoints, localDatacenter, keyspace,
        reader.integer("replicationFactor", 1, 9),
        reader.oneOf("consistency", "LOCAL_QUORUM", "QUORUM", "EACH_QUORUM", "ALL", "LOCAL_ONE", "ONE"),
        reader.oneOf("serialConsistency", "LOCAL_SERIAL", "SERIAL"),
        reader.integer("requestTimeoutMs", 100, 600_000));
  }
}
