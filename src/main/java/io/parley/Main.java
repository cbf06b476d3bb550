package io.parley;

import io.parley.config.ChatConfig;
import io.parley.metrics.NodeMetrics;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Starts a node. Configuration: {@code conf/config.json} (from the working directory, else the copy inside the
 * jar), then the file named by {@code -Dparley.config} or {@code PARLEY_CONFIG}, then system properties for single
 * keys ({@code -Dhttp.port=9090}); each later source overrides the earlier.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    ChatConfig config;
    try {
      config = readConfig();
    } catch (Exception e) {
      log.error("startup failed: {}", e.getMessage());
      System.exit(1);
      return;
    }
    NodeMetrics metrics = NodeMetrics.create(config.metrics());
    Vertx vertx = metrics.newVertx(config.node().effectiveEventLoops());
    ChatNode.start(vertx, config, Clock.systemUTC(), metrics)
        .onSuccess(node -> {
          log.info("node started");
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, node), "shutdown"));
        })
        .onFailure(cause -> {
          log.error("startup failed: {}", cause.getMessage());
          vertx.close().onComplete(ignored -> System.exit(1));
        });
  }

  /** Vert.x takes its metrics when it is built, and the config says which, so a Vert.x of its own reads it first. */
  private static ChatConfig readConfig() throws Exception {
    Vertx bootstrap = Vertx.vertx();
    try {
      return ConfigRetriever.create(bootstrap, configSources()).getConfig().map(ChatConfig::from)
          .await(30, TimeUnit.SECONDS);
    } finally {
      bootstrap.close();
    }
  }

  private static ConfigRetrieverOptions configSources() {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setIncludeDefaultStores(false)
        .addStore(file("conf/config.json"));
    String override = System.getProperty("parley.config", System.getenv("PARLEY_CONFIG"));
    if (override != null && !override.isEmpty()) {
      options.addStore(file(override));
    }
    return options.addStore(new ConfigStoreOptions().setType("sys")
        .setConfig(new JsonObject().put("hierarchical", true).put("cache", false)));
  }

  private static ConfigStoreOptions file(String path) {
    return new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", path));
  }

  private static void stop(Vertx vertx, ChatNode node) {
    try {
      node.stop().compose(ignored -> vertx.close()).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("shutdown incomplete: {}", e.getMessage());
    }
  }
}
