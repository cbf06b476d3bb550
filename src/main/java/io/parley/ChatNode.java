package io.parley;

import io.parley.bus.Codecs;
import io.parley.config.ChatConfig;
import io.parley.gateway.GatewayVerticle;
import io.parley.gateway.LoginThrottle;
import io.parley.gateway.PasswordHasher;
import io.parley.gateway.TokenService;
import io.parley.model.IdGenerator;
import io.parley.presence.PresenceVerticle;
import io.parley.presence.local.LocalPresenceStore;
import io.parley.push.PushVerticle;
import io.parley.routing.RoutingVerticle;
import io.parley.storage.StorageVerticle;
import io.parley.storage.Stores;
import io.parley.storage.rocksdb.RocksDbStorage;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One node: the verticles its config names, deployed on a Vert.x instance, storage first and the gateway last so
 * nothing listens before what it calls is ready.
 */
public final class ChatNode {
  private static final Logger log = LoggerFactory.getLogger(ChatNode.class);

  private final Vertx vertx;
  private final List<String> deployments = new ArrayList<>();
  private RocksDbStorage storage;

  private ChatNode(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Registers the bus codecs on {@code vertx} and deploys the node described by {@code config}. */
  public static Future<ChatNode> start(Vertx vertx, ChatConfig config, Clock clock) {
    Codecs.registerAll(vertx.eventBus());
    ChatNode node = new ChatNode(vertx);
    return node.deployAll(config, clock).map(node)
        .onFailure(cause -> log.error("node failed to start", cause));
  }

  private Future<Void> deployAll(ChatConfig config, Clock clock) {
    IdGenerator ids = new IdGenerator(config.node().id(), clock);
    Path dataDir = Path.of(config.storage().dataDir());
    Future<Void> chain = Future.succeededFuture();
    if (config.node().runs("storage")) {
      chain = RocksDbStorage.open(vertx, dataDir, config.storage().fsync(), clock)
          .compose(opened -> {
            storage = opened;
            Stores stores = new Stores(opened.messages(), opened.users(), opened.social(), opened.push());
            return deploy(new StorageVerticle(stores, ids, clock), 1);
          });
    }
    if (config.node().runs("presence")) {
      chain = chain.compose(v -> deploy(new PresenceVerticle(config.presence(), new LocalPresenceStore(
          Duration.ofSeconds(config.presence().offlineAfterSeconds())), clock), 1));
    }
    if (config.node().runs("push") && config.push().enabled()) {
      chain = chain.compose(v -> deploy(new PushVerticle(clock), 1));
    }
    if (config.node().runs("routing")) {
      chain = chain.compose(v -> deploy(new RoutingVerticle(ids), 1));
    }
    if (config.node().runs("gateway")) {
      chain = chain.compose(v -> vertx.executeBlocking(() -> gatewayServices(config, dataDir, clock)))
          .compose(services -> deployGateways(config, services, clock));
    }
    return chain;
  }

  private record GatewayServices(TokenService tokens, PasswordHasher hasher, LoginThrottle throttle) {
  }

  private GatewayServices gatewayServices(ChatConfig config, Path dataDir, Clock clock) throws Exception {
    String secret = config.auth().jwtSecret().isEmpty() ? TokenSecret.loadOrCreate(dataDir) : config.auth().jwtSecret();
    return new GatewayServices(
        new TokenService(vertx, secret, config.auth().tokenTtlSeconds(), clock),
        new PasswordHasher(config.auth().passwordIterations()),
        new LoginThrottle(config.auth().loginMaxFailures(), config.auth().loginLockoutSeconds(), clock));
  }

  private Future<Void> deployGateways(ChatConfig config, GatewayServices services, Clock clock) {
    return vertx.deployVerticle(() -> new GatewayVerticle(config, services.tokens(), services.hasher(),
            services.throttle(), clock), new DeploymentOptions().setInstances(config.http().effectiveInstances()))
        .onSuccess(deployments::add).mapEmpty();
  }

  private Future<Void> deploy(Deployable verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
        .onSuccess(deployments::add).mapEmpty();
  }

  /** Undeploys in reverse order, then closes the store. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    return storage == null ? chain : chain.compose(v -> storage.close());
  }
}
