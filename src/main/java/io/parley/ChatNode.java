package io.parley;

import io.parley.bus.BusUserDirectory;
import io.parley.bus.Codecs;
import io.parley.bus.UserDirectory;
import io.parley.cluster.ClusterMembers;
import io.parley.cluster.ClusterUserDirectory;
import io.parley.config.ChatConfig;
import io.parley.config.ClusterConfig;
import io.parley.config.NodeConfig;
import io.parley.gateway.ConnectionLimit;
import io.parley.gateway.DeviceLimit;
import io.parley.gateway.GatewayServices;
import io.parley.gateway.GatewayVerticle;
import io.parley.gateway.LoginThrottle;
import io.parley.gateway.PasswordHasher;
import io.parley.gateway.TokenService;
import io.parley.gateway.UserAddresses;
import io.parley.health.NodeHealth;
import io.parley.health.NodeState;
import io.parley.metrics.MetricsServer;
import io.parley.metrics.NodeMetrics;
import io.parley.model.IdGenerator;
import io.parley.presence.PresenceBackend;
import io.parley.presence.PresenceBackends;
import io.parley.presence.PresenceVerticle;
import io.parley.push.PushVerticle;
import io.parley.routing.RoutingVerticle;
import io.parley.storage.StorageBackends;
import io.parley.storage.StorageOpening;
import io.parley.storage.StorageVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.parley.bus.Addresses.ROUTING_DRAIN;

/**
 * One node: the verticles its config names, deployed on a Vert.x instance, storage first and the gateway last so
 * nothing listens before what it calls is ready; only a storage backend on other machines that cannot be reached yet
 * is waited for in the background, the node serving 503 and {@code UNAVAILABLE} meanwhile. The storage and presence
 * backends come from the factories that read their {@code type}, so this class knows no implementation. Its health is ready once every verticle is deployed and
 * each backend it opened reports no problem.
 */
public final class ChatNode {
  private static final Logger log = LoggerFactory.getLogger(ChatNode.class);

  private final Vertx vertx;
  private final NodeMetrics metrics;
  /** The verticles the config names, in {@code NodeConfig.ALL_VERTICLES} order. */
  private final List<String> planned;
  /** In deployment order; read by health probes on other threads. */
  private final List<Deployment> deployments = new CopyOnWriteArrayList<>();
  private final NodeHealth health;
  private volatile StorageOpening storage;
  private volatile PresenceBackend presence;
  /** Set first, before any verticle is deployed. */
  private UserDirectory users;
  /** Draining once the node starts to stop, so probes turn to 503 while connections are still being moved. */
  private final NodeState state = new NodeState();
  private final int drainTimeoutSeconds;

  private record Deployment(String verticle, String id) {
  }

  private ChatNode(Vertx vertx, ChatConfig config, NodeMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.planned = planned(config);
    this.drainTimeoutSeconds = config.node().drainTimeoutSeconds();
    Map<String, NodeHealth.Check> checks = new LinkedHashMap<>();
    checks.put("verticles", this::undeployedVerticles);
    checks.put("draining", () -> state.draining() ? "node is shutting down" : null);
    if (planned.contains("storage")) {
      checks.put("storage", () -> storage == null ? "storage not open" : storage.problem());
    }
    if (planned.contains("presence")) {
      checks.put("presence", () -> presence == null ? "presence not open" : presence.problem());
    }
    this.health = new NodeHealth(checks);
  }

  /**
   * Registers the bus codecs on {@code vertx}, starts the metrics listener if enabled, and deploys the node described
   * by {@code config}. {@code vertx} should come from {@code metrics.newVertx(..)}, else Vert.x's own meters are missing.
   */
  public static Future<ChatNode> start(Vertx vertx, ChatConfig config, Clock clock, NodeMetrics metrics) {
    Codecs.registerAll(vertx.eventBus());
    ChatNode node = new ChatNode(vertx, config, metrics);
    Future<?> listening = metrics.enabled()
        ? MetricsServer.start(vertx, config.metrics(), metrics, node.health) : Future.succeededFuture();
    return listening.compose(ignored -> node.deployAll(config, clock)).map(node)
        .onFailure(cause -> log.error("node failed to start", cause));
  }

  private static List<String> planned(ChatConfig config) {
    return NodeConfig.ALL_VERTICLES.stream()
        .filter(verticle -> config.node().runs(verticle) && (!verticle.equals("push") || config.push().enabled()))
        .toList();
  }

  private Future<Void> deployAll(ChatConfig config, Clock clock) {
    IdGenerator ids = new IdGenerator(config.node().id(), clock);
    Path dataDir = Path.of(config.storage().dataDir());
    boolean byDirectory = vertx.isClustered() && config.cluster().userAddresses().equals(ClusterConfig.DIRECTORY);
    if (vertx.isClustered()) {
      ClusterMembers.reportDepartures(vertx);
    }
    Future<Void> chain = (byDirectory ? ClusterUserDirectory.start(vertx)
        : Future.<UserDirectory>succeededFuture(new BusUserDirectory(vertx.eventBus())))
        .onSuccess(directory -> users = directory).mapEmpty();
    if (planned.contains("storage")) {
      storage = StorageBackends.opening(vertx, config.storage(), clock, metrics.store());
      chain = chain.compose(v -> storage.firstAttempt()).compose(first -> deployStorageWhenOpen(ids, clock));
    }
    if (planned.contains("presence")) {
      chain = chain.compose(v -> PresenceBackends.open(vertx, config.presence(), config.node()))
          .compose(opened -> {
            presence = opened;
            return deploy("presence", new PresenceVerticle(config.presence(), opened.store(), clock, users));
          });
    }
    if (planned.contains("push")) {
      chain = chain.compose(v -> deploy("push",
          new PushVerticle(config.node().id(), config.push(), dataDir, clock, metrics.push())));
    }
    if (planned.contains("routing")) {
      chain = chain.compose(v -> deploy("routing", new RoutingVerticle(ids, config.push().recordTimeoutMillis(), state,
          config.publicAddress(), config.discovery(), users,
          vertx.isClustered() ? ClusterMembers.self(vertx) : null)));
    }
    if (planned.contains("gateway")) {
      chain = chain.compose(v -> vertx.executeBlocking(() -> gatewayServices(config, dataDir, clock)))
          .compose(services -> (vertx.isClustered() ? services.throttle().shareAcross(vertx, config.node().id())
              : Future.<Void>succeededFuture()).map(ignored -> services))
          .compose(services -> deployGateways(config, services, clock));
    }
    return chain;
  }

  /**
   * Deploys the storage verticle once the backend is open: before the rest of the node if it opened at the first
   * attempt, else later, the rest running meanwhile and answering {@code UNAVAILABLE} for what needs storage.
   */
  private Future<Void> deployStorageWhenOpen(IdGenerator ids, Clock clock) {
    Future<Void> deployed = storage.opened().compose(backend -> state.draining() ? Future.succeededFuture()
        : deploy("storage", new StorageVerticle(backend.stores(), ids, clock)));
    if (storage.opened().isComplete()) {
      return deployed;
    }
    deployed.onFailure(cause -> log.error("storage verticle failed to deploy", cause));
    return Future.succeededFuture();
  }

  private GatewayServices gatewayServices(ChatConfig config, Path dataDir, Clock clock) throws Exception {
    String secret = config.auth().jwtSecret().isEmpty() ? TokenSecret.loadOrCreate(dataDir) : config.auth().jwtSecret();
    UserAddresses addresses = new UserAddresses(users);
    metrics.gateway().userAddresses(addresses::size);
    return new GatewayServices(
        new TokenService(vertx, secret, config.auth().tokenTtlSeconds(), config.auth().sessionCheckSeconds(),
            clock),
        new PasswordHasher(config.auth().passwordIterations()),
        new LoginThrottle(config.auth(), clock),
        new DeviceLimit(config.gateway().maxDevicesPerUser()),
        ConnectionLimit.of(config.http()),
        addresses,
        users,
        state);
  }

  private Future<Void> deployGateways(ChatConfig config, GatewayServices services, Clock clock) {
    return vertx.deployVerticle(() -> new GatewayVerticle(config, services, clock, metrics.gateway(), health),
            new DeploymentOptions().setInstances(config.http().effectiveInstances()))
        .onSuccess(id -> deployments.add(new Deployment("gateway", id))).mapEmpty();
  }

  private Future<Void> deploy(String name, Deployable verticle) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(1))
        .onSuccess(id -> deployments.add(new Deployment(name, id))).mapEmpty();
  }

  /**
   * Drains the node, in this order: marks it draining (both {@code /health} answer 503, WebSocket upgrades 503) and has
   * routing announce it, so discovery on every node stops naming it; undeploys in reverse order, the gateways first:
   * they move every WebSocket to another node (a reconnect hint, then 4002, spread over time) once its pending sends
   * are answered, then stop listening; routing then hands its conversations over and finishes the sends it routes;
   * then the presence and storage backends close, once nothing calls them any more. The caller then closes Vert.x,
   * which leaves the cluster. The undeploys are given {@code node.drainTimeoutSeconds}; the backends close after it
   * either way. The metrics listener stays until Vert.x closes, so a probe meanwhile is told the node is down.
   */
  public Future<Void> stop() {
    state.startDraining();
    Future<Void> chain = planned.contains("routing")
        ? vertx.eventBus().request(ROUTING_DRAIN, null).<Void>mapEmpty().recover(failed -> Future.succeededFuture())
        : Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i).id();
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    Promise<Void> undeployed = Promise.promise();
    chain.onComplete(undeployed);
    vertx.setTimer(drainTimeoutSeconds * 1000L, timeout -> {
      if (undeployed.tryFail("drain timed out after " + drainTimeoutSeconds + " s")) {
        log.warn("drain timed out seconds={}", drainTimeoutSeconds);
      }
    });
    return undeployed.future().recover(failed -> Future.succeededFuture())
        .compose(v -> presence == null ? Future.succeededFuture() : presence.close())
        .compose(v -> storage == null ? Future.succeededFuture() : storage.close());
  }

  private String undeployedVerticles() {
    Set<String> running = vertx.deploymentIDs();
    List<String> missing = planned.stream().filter(verticle -> deployments.stream()
        .noneMatch(deployment -> deployment.verticle().equals(verticle) && running.contains(deployment.id())))
        .toList();
    return missing.isEmpty() ? null : "not deployed: " + String.join(", ", missing);
  }
}
