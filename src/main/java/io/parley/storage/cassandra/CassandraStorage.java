package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
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

  private final CassandraClient client;
  private final CassandraMessageStore messages;
  private final CassandraUserStore users;
  private final CassandraSocialStore social;
  private final CassandraPushStore push;
  /** Set once, by the first close. */
  private volatile Future<Void> closing;

  private CassandraStorage(CassandraClient client, CassandraMessageStore messages, CassandraUserStore users,
      CassandraSocialStore social, CassandraPushStore push) {
    this.client = client;
    this.messages = messages;
    this.users = users;
    this.social = social;
    this.push = push;
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
      Future<CassandraUserStore> users = CassandraUserStore.prepare(cql, ks);
      Future<CassandraSocialStore> social = CassandraSocialStore.prepare(cql, ks);
      Future<CassandraPushStore> push = CassandraPushStore.prepare(cql, ks);
      return Future.all(messages, users, social, push).map(all -> {
        log.info("storage ready type=cassandra contactPoints={} keyspace={}", config.contactPoints(), ks);
        return new CassandraStorage(client, messages.result(), users.result(), social.result(),
            push.result());
      });
    })
        .onFailure(failed -> client.close());
  }

  /**
   * Consistency levels and timeout for every statement. A connection carries 32,768 requests at once, the protocol's
   * limit, rather than the driver's 1,024: past it a burst of appends fails at once instead of queueing.
   */
  private static DriverConfigLoader driverConfig(CassandraConfig config) {
    return DriverConfigLoader.programmaticBuilder()
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.consistency())
        .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, config.serialConsistency())
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMillis(config.requestTimeoutMs()))
        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 32_768)
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

  /** Only a closed session: the driver reconnects by itself, and a query that fails meanwhile is UNAVAILABLE. */
  @Override
  public String problem() {
    return closing == null ? null : "storage closed";
  }

  @Override
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing = client.close();
    }
    return closing;
  }
}
