package io.parley.e2e.support;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A real Parley node started in this JVM on a free loopback port with a fresh data directory. Register it as a
 * static {@code @RegisterExtension} field. {@link #shared()} is one node for the whole run, for test classes
 * whose tests keep apart by using their own users; {@link #withConfig} starts a node for one class only, for
 * tests that need other limits or timings; {@link #withConfigAtStart} is the same for overrides known only once
 * other extensions have started (a forked database's port). Before each test it fills the class's {@link Injected} fields (the test's
 * Vert.x, an {@link ApiClient}, fresh users); devices opened through it are closed after each test.
 */
public final class TestServer implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServer.class);

  /** Built in {@link #beforeAll}, not at construction, so it may read extensions registered before this one. */
  private final Supplier<TestConfig> config;
  private final boolean perRun;
  private final Queue<WsClient> devices = new ConcurrentLinkedQueue<>();
  private volatile RunningNode node;

  private TestServer(Supplier<TestConfig> config, boolean perRun) {
    this.config = config;
    this.perRun = perRun;
  }

  /** The default test node, started once per run and stopped when the run ends. */
  public static TestServer shared() {
    return new TestServer(TestConfig::defaults, true);
  }

  /** A node of its own for one test class, with the defaults changed by {@code overrides}. */
  public static TestServer withConfig(UnaryOperator<TestConfig> overrides) {
    TestConfig config = overrides.apply(TestConfig.defaults());
    return new TestServer(() -> config, false);
  }

  /**
   * As {@link #withConfig}, with overrides made when the class's tests start, so they may read other static
   * {@code @RegisterExtension} fields. Give those a lower {@code @Order} than this one: without it JUnit's order
   * of such fields is not their declaration order.
   */
  public static TestServer withConfigAtStart(Supplier<UnaryOperator<TestConfig>> overrides) {
    return new TestServer(() -> overrides.get().apply(TestConfig.defaults()), false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext owner = perRun ? context.getRoot() : context;
    TestConfig started = config.get();
    node = owner.getStore(NAMESPACE)
        .getOrComputeIfAbsent(started.toString(), key -> RunningNode.start(started), RunningNode.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    InjectedFields.fill(context, this);
  }

  /**
   * Closes this test's devices with a normal close handshake. Left to the client Vert.x's own shutdown, a
   * socket that had just carried a frame of several hundred KB sometimes took its full 30 s grace to close.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    for (WsClient device = devices.poll(); device != null; device = devices.poll()) {
      try {
        device.close();
      } catch (RuntimeException | AssertionError e) {
        // a socket the test left broken is closed anyway when the client Vert.x goes
      }
    }
  }

  public int port() {
    return running().port();
  }

  /** An HTTP client of the node's metrics listener ({@code /metrics}, {@code /health}), on the caller's Vert.x. */
  public ApiClient metricsApi(Vertx vertx) {
    return ApiClient.ofMetricsPort(vertx, running().metricsPort());
  }

  /**
   * The node's own event bus, for what no client can observe: the push outbox, whose readers (APNs and FCM senders)
   * are out of reach here.
   */
  public EventBus serverBus() {
    return running().bus();
  }

  /** An HTTP client of this node, on the caller's (client-side) Vert.x. */
  public ApiClient api(Vertx vertx) {
    return new ApiClient(vertx, port());
  }

  /** A connected, heartbeating device of {@code user}, past its welcome frame. */
  public WsClient device(Vertx vertx, TestUser user, String deviceId) {
    return device(vertx, user, deviceId, true);
  }

  /** As {@link #device(Vertx, TestUser, String)}; without heartbeats the device falls silent after welcome. */
  public WsClient device(Vertx vertx, TestUser user, String deviceId, boolean heartbeats) {
    WsClient device = WsClient.open(vertx, port(), user, deviceId, heartbeats);
    devices.add(device);
    return device;
  }

  /** The token key the node was configured with, for tests that forge tokens. */
  public String jwtSecret() {
    return TestConfig.JWT_SECRET;
  }

  private RunningNode running() {
    if (node == null) {
      throw new IllegalStateException("TestServer must be registered with @RegisterExtension on a static field");
    }
    return node;
  }
}
