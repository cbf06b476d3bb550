package io.parley;

import io.parley.cluster.ClusteredVertx;
import io.parley.config.ChatConfig;
import io.parley.config.ConfigSources;
import io.parley.metrics.NodeMetrics;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Starts a node. Configuration, each source overriding the one before (docs/CONFIG.md):
 * <ol>
 *   <li>{@code conf/config.json} from the working directory, else the copy inside the jar;</li>
 *   <li>the JSON file named by {@code -Dparley.config} or else the {@code PARLEY_CONFIG} environment variable;</li>
 *   <li>environment variables {@code PARLEY_<SECTION>_<KEY>} ({@code PARLEY_HTTP_PORT=9090});</li>
 *   <li>system properties {@code <section>.<key>} ({@code -Dhttp.port=9090}).</li>
 * </ol>
 * This is the one place that reads the environment and the system properties; it hands them to
 * {@link ConfigSources}. An unknown key, an unknown {@code PARLEY_} variable or a bad value stops the node with exit
 * code 1 and a message naming it.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    ClusteredVertx.sizeCommonPool();
    ChatConfig config;
    try {
      config = readConfig();
    } catch (Exception e) {
      log.error("startup failed: {}", e.getMessage());
      System.exit(1);
      return;
    }
    NodeMetrics metrics = NodeMetrics.create(config.metrics());
    VertxOptions options = NodeMetrics.options(config.node().effectiveEventLoops());
    Future<Vertx> built = config.cluster().enabled()
        ? ClusteredVertx.join(config.cluster(), options, metrics.vertxBuilder(options))
        : Future.succeededFuture(metrics.vertxBuilder(options).build());
    built.onFailure(cause -> {
      log.error("startup failed: cannot join the cluster: {}", cause.getMessage());
      System.exit(1);
    }).onSuccess(vertx -> ChatNode.start(vertx, config, Clock.systemUTC(), metrics)
        .onSuccess(node -> {
          log.info("node started{}", config.cluster().enabled() ? " in cluster " + config.cluster().name() : "");
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, node,
              config.node().drainTimeoutSeconds()), "shutdown"));
        })
        .onFailure(cause -> {
          log.error("startup failed: {}", cause.getMessage());
          vertx.close().onComplete(ignored -> System.exit(1));
        }));
  }

  /** Vert.x takes its metrics when it is built, and the config says which, so a Vert.x of its own reads it first. */
  private static ChatConfig readConfig() throws Exception {
    Map<String, String> environment = System.getenv();
    Map<String, String> properties = systemProperties();
    String override = properties.getOrDefault(ConfigSources.FILE_PROPERTY,
        environment.get(ConfigSources.FILE_VARIABLE));
    Vertx bootstrap = Vertx.vertx();
    try {
      JsonObject defaults = readFile(bootstrap, "conf/config.json");
      JsonObject file = override == null || override.isEmpty() ? new JsonObject() : readFile(bootstrap, override);
      return ChatConfig.from(new ConfigSources(defaults, file, environment, properties));
    } finally {
      bootstrap.close();
    }
  }

  /** vertx-config's file store looks in the working directory, then on the classpath (the copy inside the jar). */
  private static JsonObject readFile(Vertx vertx, String path) throws Exception {
    ConfigStoreOptions file = new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", path));
    return ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setIncludeDefaultStores(false).addStore(file))
        .getConfig().await(30, TimeUnit.SECONDS);
  }

  private static Map<String, String> systemProperties() {
    Properties properties = System.getProperties();
    Map<String, String> copy = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      copy.put(name, properties.getProperty(name));
    }
    return copy;
  }

  /** The node bounds its drain by the timeout; closing the backends and leaving the cluster get 15 s more. */
  private static void stop(Vertx vertx, ChatNode node, int drainTimeoutSeconds) {
    try {
      node.stop().compose(ignored -> vertx.close()).toCompletionStage().toCompletableFuture()
          .get(drainTimeoutSeconds + 15L, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("shutdown incomplete: {}", e.getMessage());
    }
  }
}
