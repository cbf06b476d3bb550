package io.parley.e2e.support;

import io.parley.presence.redis.RedisServerExtension;
import io.parley.push.webpush.VapidKeys;
import io.parley.storage.cassandra.CassandraServerExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Nodes in JVMs of their own, clustered over Hazelcast on loopback under a cluster name of their own, on the run's
 * Cassandra and Redis; started once per test class, registered after those two extensions, and killed after it.
 */
public final class ClusterNodes implements BeforeAllCallback, AfterAllCallback {
  /** The first member creates the keyspace, which a cold test Cassandra on a busy machine took 40 s and more for. */
  private static final Duration FIRST_STARTUP = Duration.ofMinutes(3);

  private final int count;
  private final String keyspace;
  private final CassandraServerExtension cassandra;
  private final RedisServerExtension redis;
  private final TestConfig extra;
  private final List<ServerProcess> nodes = new ArrayList<>();
  private String name;
  private List<Integer> ports;
  private VapidKeys vapid;

  /** @param extra settings of every node, beyond the cluster and backends */
  public ClusterNodes(int count, String keyspace, CassandraServerExtension cassandra, RedisServerExtension redis,
      TestConfig extra) {
    this.count = count;
    this.keyspace = keyspace;
    this.cassandra = cassandra;
    this.redis = redis;
    this.extra = extra;
  }

  /** Starts the members one after the other, each once healthy, so the later ones join the first one's cluster. */
  @Override
  public void beforeAll(ExtensionContext context) {
    name = "parley-e2e-" + Names.unique("c");
    ports = IntStream.range(0, count).mapToObj(i -> FreePort.pick()).toList();
    // one VAPID pair for every member, as a cluster with Web Push requires
    try {
      vapid = VapidKeys.generate();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    for (int port : ports) {
      ServerProcess node = member(nodes.size() + 1, port);
      nodes.add(node);
      node.start(nodes.size() == 1 ? FIRST_STARTUP : ServerProcess.STARTUP);
    }
  }

  /**
   * A node, not started, that joins this cluster with the given {@code node.id} on a Hazelcast port of its own; the
   * caller closes it.
   */
  public ServerProcess newMember(int nodeId) {
    return member(nodeId, FreePort.pick());
  }

  private ServerProcess member(int nodeId, int port) {
    return new ServerProcess(extra.copy()
        .set("node.id", nodeId)
        .set("cluster.enabled", true)
        .set("cluster.name", name)
        .set("cluster.port", port)
        .set("cluster.members", String.join(",", ports.stream().map(member -> "127.0.0.1:" + member).toList()))
        .set("storage.type", "cassandra")
        .set("storage.cassandra.contactPoints", cassandra.contactPoint())
        .set("storage.cassandra.localDatacenter", cassandra.datacenter())
        .set("storage.cassandra.keyspace", keyspace)
        .set("presence.type", "redis")
        .set("presence.redisUrl", redis.url())
        .set("push.webPushVapidPublicKey", vapid.publicKeyText())
        .set("push.webPushVapidPrivateKey", vapid.privateKeyText()));
  }

  /** Kills every node still running, started or not, and removes its directory. */
  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    for (ServerProcess node : nodes) {
      node.close();
    }
  }

  /** The member started {@code index}th, from 0. */
  public ServerProcess node(int index) {
    return nodes.get(index);
  }

  public List<ServerProcess> all() {
    return List.copyOf(nodes);
  }
}
