package io.parley.e2e.support;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.UnaryOperator;

/**
 * A real Parley node started in this JVM on a free loopback port with a fresh data directory. Register it as a
 * static {@code @RegisterExtension} field. {@link #shared()} is one node for the whole run, for test classes
 * whose tests keep apart by using their own users; {@link #withConfig} starts a node for one class only, for
 * tests that need other limits or timings.
 */
public final class TestServer implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServer.class);

  private final TestConfig config;
  private final boolean perRun;
  private volatile RunningNode node;

  private TestServer(TestConfig config, boolean perRun) {
    this.config = config;
    this.perRun = perRun;
  }

  /** The default test node, started once per run and stopped when the run ends. */
  public static TestServer shared() {
    return new TestServer(TestConfig.defaults(), true);
  }

  /** A node of its own for one test class, with the defaults changed by {@code overrides}. */
  public static TestServer withConfig(UnaryOperator<TestConfig> overrides) {
    return new TestServer(overrides.apply(TestConfig.defaults()), false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext owner = perRun ? context.getRoot() : context;
    node = owner.getStore(NAMESPACE)
        .getOrComputeIfAbsent(config.toString(), key -> RunningNode.start(config), RunningNode.class);
  }

  public int port() {
    return running().port();
  }

  /** An HTTP client of this node, on the caller's (client-side) Vert.x. */
  public ApiClient api(Vertx vertx) {
    return new ApiClient(vertx, port());
  }

  /** A connected, heartbeating device of {@code user}, past its welcome frame. */
  public WsClient device(Vertx vertx, TestUser user, String deviceId) {
    return WsClient.open(vertx, port(), user, deviceId);
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
