package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.parley.config.CassandraConfig;
import io.parley.storage.MessageStore;
import io.parley.storage.PushStore;
import io.parley.storage.SocialStore;
import io.parley.storage.StorageBackend;
import io.parley.storage.Stores;
import io.parley.storage.UserStore;
import io.vertx.cassandra.CassandraClient;
import io.vertx.cassandra.CassandraClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The Cassandra backend: one driver session, the schema created when missing, and the stores on it. It serves many
 * nodes: any number may open it on the same keyspace at once.
 */
public final class CassandraStorage implements StorageBackend {
  private static final Logger log = LoggerFactory.getLogger(CassandraStorage.class);
  /** How often the driver's node states are read for {@link #problem}: an in-memory read, no query. */
  private static final long REACHABILITY_CHECK_MS = 1_000;

  private final CassandraClient client;
  private final CassandraMessageStore messages;
  private final CassandraUserStore users;
  private final CassandraSocialStore social;
  private final CassandraPushStore push;
  private final Vertx vertx;
  private final long reachabilityTimer;
  /** Why no query can succeed now, from the driver's view of the nodes; null while one is up. */
  private volatile String unreachable;
  /** Set once, by the first close. */
  private volatile Future<Void> closing;

  private CassandraStorage(Vertx vertx, CassandraClient client, CassandraMessageStore messages,
      CassandraUserStore users, CassandraSocialStore social, CassandraPushStore push) {
    this.vertx = vertx;
    this.client = client;
    this.messages = messages;
    this.users = users;
    this.social = social;
    this.push = push;
    this.reachabilityTimer = vertx.setPeriodic(REACHABILITY_CHECK_MS, id -> checkReachable());
  }

  public static Future<CassandraStorage> open(Vertx vertx, CassandraConfig config) {
    return open(vertx, config, InboxTable.BUCKET_SIZE);
  }

  /** With another inbox bucket size, so tests cross bucket boundaries within a few entries. */
  static Future<CassandraStorage> open(Vertx vertx, CassandraConfig config, int inboxBucketSize) {
    CassandraClientOptions options = new CassandraClientOptions();
    for (String point : config.contactPoints()) {
      int colon = point.lastIndexOf(':');
      options.addContactPoint(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1)));
    }
    options.dataStaxClusterBuilder().withLocalDatacenter(config.localDatacenter()).withConfigLoader(driverConfig(config));
    CassandraClient client = CassandraClient.create(vertx, options);
    Cql cql = new Cql(client);
    String ks = config.keyspace();
    return CassandraSchema.create(client, config).compose(ready -> {
      Future<CassandraMessageStore> messages = CassandraMessageStore.prepare(vertx, cql, ks, inboxBucketSize,
          config.requestTimeoutMs());
      Future<CassandraUserStore> users = CassandraUserStore.prepare(cql, ks, config.requestTimeoutMs());
      Future<CassandraSocialStore> social = CassandraSocialStore.prepare(cql, ks);
      Future<CassandraPushStore> push = CassandraPushStore.prepare(cql, ks);
      return Future.all(messages, users, social, push).map(all -> {
        log.info("storage ready type=cassandra contactPoints={} keyspace={}", config.contactPoints(), ks);
        return new CassandraStorage(vertx, client, messages.result(), users.result(), social.result(),
            push.result());
      });
    })
        .onFailure(failed -> client.close());
  }

  /**
   * Consistency levels and timeout for every statement. A connection carries 32,768 requests at once, the protocol's
   * limit, rather than the driver's 1,024: past it a burst of appends fails at once instead of queueing. Lost
   * connections are retried after pauses growing to 10 s rather than the driver's 60, so the node serves again
   * within seconds of Cassandra's return.
   */
  private static DriverConfigLoader driverConfig(CassandraConfig config) {
    return DriverConfigLoader.programmaticBuilder()
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.consistency())
        .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, config.serialConsistency())
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMillis(config.requestTimeoutMs()))
        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 32_768)
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(10))
        .build();
  }

  public MessageStore messages() {
    return messages;
  }

  public UserStore users() {
    return users;
  }

  public SocialStore social() {
    return social;
  }

  public PushStore push() {
    return push;
  }

  @Override
  public Stores stores() {
    return new Stores(messages, users, social, push);
  }

  /**
   * A closed session, or no Cassandra node up as the driver sees it (it marks a node down once its connections are
   * lost, and reconnects by itself; a query meanwhile fails {@code UNAVAILABLE}). Read at most a second late.
   */
  @Override
  public String problem() {
    return closing != null ? "storage closed" : unreachable;
  }

  private void checkReachable() {
    client.metadata().onComplete(read -> {
      String was = unreachable;
      unreachable = read.succeeded() ? noNodeUp(read.result()) : "cassandra session failed: " + read.cause().getMessage();
      if (unreachable != null && was == null) {
        log.warn("storage unavailable: {}", unreachable);
      } else if (unreachable == null && was != null) {
        log.info("storage available again: a cassandra node is up");
      }
    });
  }

  private static String noNodeUp(Metadata metadata) {
    boolean up = metadata.getNodes().values().stream().anyMatch(node -> node.getState() == NodeState.UP);
    return up ? null : "cassandra unreachable: none of its " + metadata.getNodes().size() + " nodes is up";
  }

  @Override
  public synchronized Future<Void> close() {
    if (closing == null) {
      vertx.cancelTimer(reachabilityTimer);
      closing = client.close();
    }
    return closing;
  }
}
