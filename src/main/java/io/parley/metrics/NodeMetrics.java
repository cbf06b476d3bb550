package io.parley.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.config.MetricsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The meters of one node, in one Prometheus registry: Vert.x's own (event bus, HTTP server, worker pool), the JVM's
 * and the process's, and Parley's ({@link GatewayMetrics}, {@link StoreMetrics}, {@link PushMetrics}). Vert.x takes
 * its metrics when it is built, so the registry comes first and builds the Vert.x instance it measures. Disabled,
 * every meter is a no-op and Vert.x measures nothing.
 */
public final class NodeMetrics {
  /**
   * Labels Vert.x may put on its meters. Never the event-bus address (one per user: {@code chat.user.<id>}) nor the
   * HTTP path (ids in it): either would make a series per user. {@code LOCAL} tells the public listener from the
   * metrics one.
   */
  private static final Set<Label> VERTX_LABELS = EnumSet.of(Label.LOCAL, Label.EB_SIDE, Label.EB_FAILURE,
      Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME);
  /** Vert.x categories a node never uses; its HTTP client (push services) is measured by {@link PushMetrics}. */
  private static final Set<String> UNUSED = Set.of(MetricsDomain.HTTP_CLIENT.toCategory(),
      MetricsDomain.NET_CLIENT.toCategory(), MetricsDomain.DATAGRAM_SOCKET.toCategory());

  private final PrometheusMeterRegistry prometheus;
  private final GatewayMetrics gateway;
  private final StoreMetrics store;
  private final PushMetrics push;

  private NodeMetrics(PrometheusMeterRegistry prometheus, MeterRegistry registry) {
    this.prometheus = prometheus;
    this.gateway = new GatewayMetrics(registry);
    this.store = new StoreMetrics(registry);
    this.push = new PushMetrics(registry);
  }

  public static NodeMetrics create(MetricsConfig config) {
    if (!config.enabled()) {
      return disabled();
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Vert.x registers this gauge for its acceptor and its event-loop group under one name, so it shows the
    // acceptor's one thread; the event-loop count is in the config anyway
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("netty.eventexecutor.workers"));
    new FileDescriptorMetrics().bindTo(registry);
    new ResidentMemoryMetrics().bindTo(registry);
    return new NodeMetrics(registry, registry);
  }

  /** Meters that record nothing: an empty composite registry hands out no-op meters. */
  public static NodeMetrics disabled() {
    return new NodeMetrics(null, new CompositeMeterRegistry());
  }

  /** A Vert.x instance with {@code eventLoops} event-loop threads that reports to this registry, if enabled. */
  public Vertx newVertx(int eventLoops) {
    return vertxBuilder(options(eventLoops)).build();
  }

  /** The options every node's Vert.x starts from: {@code eventLoops} threads, epoll where the platform has it. */
  public static VertxOptions options(int eventLoops) {
    return new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true);
  }

  /** A builder of a Vert.x on {@code options} that reports to this registry, if enabled; clustered or not. */
  public VertxBuilder vertxBuilder(VertxOptions options) {
    if (prometheus == null) {
      return Vertx.builder().with(options);
    }
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        // Vert.x keeps registries in a JVM-wide map by this name; each node (several in a test JVM) needs its own
        .setRegistryName("parley-" + UUID.randomUUID())
        .setLabels(EnumSet.copyOf(VERTX_LABELS))
        .setDisabledMetricsCategories(UNUSED)
        .setJvmMetricsEnabled(true)
        .setNettyMetricsEnabled(true));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(prometheus));
  }

  public boolean enabled() {
    return prometheus != null;
  }

  public GatewayMetrics gateway() {
    return gateway;
  }

  public StoreMetrics store() {
    return store;
  }

  public PushMetrics push() {
    return push;
  }

  /** Every meter in the Prometheus text format (0.0.4). */
  String scrape() {
    return prometheus.scrape();
  }
}
