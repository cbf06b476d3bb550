package io.parley.e2e.support;

import io.parley.ChatNode;
import io.parley.config.ChatConfig;
import io.parley.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** One in-process node with its own Vert.x and data directory; closing it stops the node and removes the data. */
final class RunningNode implements AutoCloseable {
  /** Generous: a first start on a fresh Cassandra creates the schema a table at a time, ~1 s each on a busy machine. */
  private static final long START_STOP_SECONDS = 90;

  private final Vertx vertx;
  private final ChatNode node;
  private final Path dataDir;
  private final int port;
  private final int metricsPort;

  private RunningNode(Vertx vertx, ChatNode node, Path dataDir, int port, int metricsPort) {
    this.vertx = vertx;
    this.node = node;
    this.dataDir = dataDir;
    this.port = port;
    this.metricsPort = metricsPort;
  }

  /**
   * {@code ChatNode.start} registers the bus codecs itself, so this does not. A {@code storage.dataDir} override
   * names where the node's fresh data directory is made (a {@link SmallDisk}, say).
   */
  static RunningNode start(TestConfig testConfig) {
    Object parent = testConfig.overrides().get("storage.dataDir");
    Path dataDir = parent == null ? TempDirs.create("parley-e2e-node")
        : TempDirs.create(Path.of(parent.toString()), "parley-e2e-node");
    int port = FreePort.pick();
    int metricsPort = FreePort.pick();
    ChatConfig config = ChatConfig.from(testConfig.copy()
        .set("http.port", port)
        .set("metrics.port", metricsPort)
        .set("storage.dataDir", dataDir.toString())
        .toJson());
    NodeMetrics metrics = NodeMetrics.create(config.metrics());
    Vertx vertx = metrics.newVertx(config.node().effectiveEventLoops());
    try {
      ChatNode node = ChatNode.start(vertx, config, Clock.systemUTC(), metrics)
          .await(START_STOP_SECONDS, TimeUnit.SECONDS);
      return new RunningNode(vertx, node, dataDir, port, metricsPort);
    } catch (Exception e) {
      vertx.close();
      TempDirs.deleteQuietly(dataDir);
      throw new IllegalStateException("node did not start with " + testConfig, e);
    }
  }

  int port() {
    return port;
  }

  int metricsPort() {
    return metricsPort;
  }

  EventBus bus() {
    return vertx.eventBus();
  }

  @Override
  public void close() throws Exception {
    try {
      node.stop().await(START_STOP_SECONDS, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(START_STOP_SECONDS, TimeUnit.SECONDS);
      TempDirs.deleteQuietly(dataDir);
    }
  }
}
