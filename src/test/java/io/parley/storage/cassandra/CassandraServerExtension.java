package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.cassandra.CassandraClient;
import io.vertx.cassandra.CassandraClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Cassandra for tests: one single-node server per test run ({@link CassandraServer}), started by the first
 * class that registers this as a static {@code @RegisterExtension} field and stopped when the run ends. Tests share
 * it and keep apart by keys of their own or by {@link #truncate(String)}, never by DDL per test (a CREATE TABLE takes
 * over a second).
 */
public final class CassandraServerExtension implements BeforeAllCallback {
  private static final Logger log = LoggerFactory.getLogger(CassandraServerExtension.class);
  private static final Duration TRUNCATE_TIMEOUT = Duration.ofSeconds(30);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CassandraServerExtension.class);

  private volatile Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(),
        Running.class);
  }

  public String contactPoint() {
    return "127.0.0.1:" + running().server.nativePort();
  }

  public String datacenter() {
    return CassandraServer.DATACENTER;
  }

  /** Empties every table of {@code keyspace}, all at once: about 0.1 s each, where recreating them takes seconds. */
  public void truncate(String keyspace) {
    CassandraClient admin = running().admin;
    List<String> tables = admin.executeWithFullFetch(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = '" + keyspace + "'")
        .await().stream().map(row -> row.getString("table_name")).toList();
    // a truncate flushes the table on every replica: on a loaded machine the driver's default 2 s is too short
    Future.all(tables.stream().map(table -> admin.execute(SimpleStatement.newInstance(
            "TRUNCATE \"" + keyspace + "\".\"" + table + "\"").setTimeout(TRUNCATE_TIMEOUT))).toList())
        .await();
  }

  /** Runs one statement on the test server, for tests that set up rows a store would not write by itself. */
  public void execute(String cql) {
    running().admin.execute(cql).await();
  }

  /** The rows of a query on the test server, for tests that look at what a store wrote. */
  public List<Row> select(String cql) {
    return running().admin.executeWithFullFetch(cql).await();
  }

  private Running running() {
    if (running == null) {
      throw new IllegalStateException("CassandraServerExtension must be registered on a static field");
    }
    return running;
  }

  /** The server and a client of its own for housekeeping, closed together when the run ends. */
  private record Running(CassandraServer server, Vertx vertx, CassandraClient admin) implements AutoCloseable {
    static Running start() {
      CassandraServer server = CassandraServer.start(projectDir());
      log.info("cassandra started port={} startMs={}", server.nativePort(), server.startTime().toMillis());
      Vertx vertx = Vertx.vertx();
      CassandraClientOptions options = new CassandraClientOptions().addContactPoint("127.0.0.1", server.nativePort());
      options.dataStaxClusterBuilder().withLocalDatacenter(CassandraServer.DATACENTER);
      return new Running(server, vertx, CassandraClient.create(vertx, options));
    }

    private static Path projectDir() {
      return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    @Override
    public void close() throws Exception {
      try {
        admin.close().await();
        vertx.close().await();
      } finally {
        server.close();
      }
    }
  }
}
