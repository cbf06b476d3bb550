package io.parley.e2e.support;

import io.parley.presence.redis.RedisServerExtension;
import io.parley.storage.cassandra.CassandraServerExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Nodes in JVMs of their own, clustered over Hazelcast on loopback under a cluster name of their own, on the run's
 * Cassandra and Redis.
 */
public final class ClusterNodes {
  /** The first member creates the keyspace, which a cold test Cassandra on a busy machine took 40 s and more for. */
  private static final Duration FIRST_STARTUP = Duration.ofMinutes(3);
  private ClusterNodes() {
  }

  /**
   * Starts {@code count} members of a new cluster, one after the other, each once healthy; if one fails to start,
   * kills those started before throwing.
   */
  public static List<ServerProcess> start(int count, String keyspace, CassandraServerExtension cassandra,
      RedisServerExtension redis, TestConfig extra) {
    String name = "parley-e2e-" + Names.unique("c");
    List<Integer> ports = IntStream.range(0, count).mapToObj(i -> FreePort.pick()).toList();
    List<ServerProcess> nodes = new ArrayList<>();
    for (int port : ports) {
      TestConfig config = extra.copy()
          .set("cluster.enabled", true)
          .set("cluster.name", name)
          .set("cluster.port", port)
          .set("cluster.members", String.join(",", ports.stream().map(member -> "127.0.0.1:" + member).toList()))
          .set("storage.type", "cassandra")
          .set("storage.cassandra.contactPoints", cassandra.contactPoint())
          .set("storage.cassandra.localDatacenter", cassandra.datacenter())
          .set("storage.cassandra.keyspace", keyspace)
          .set("presence.type", "redis")
          .set("presence.redisUrl", redis.url());
      ServerProcess node = new ServerProcess(config);
      nodes.add(node);
      try {
        if (nodes.size() == 1) {
          node.start(FIRST_STARTUP);
        } else {
          node.start();
        }
      } catch (RuntimeException failed) {
        closeQuietly(nodes, failed);
        throw failed;
      }
    }
    return nodes;
  }

  private static void closeQuietly(List<ServerProcess> nodes, RuntimeException failure) {
    try {
      close(nodes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
    }
  }

  /** Kills every node still running and removes its directory. */
  public static void close(List<ServerProcess> nodes) throws InterruptedException {
    for (ServerProcess node : nodes) {
      node.close();
    }
  }
}
