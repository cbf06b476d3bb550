package io.parley.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.protocol.ClientFrame;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * WebSocket traffic of the gateway, shared by all its instances. Every meter is looked up once, here, so counting a
 * frame is one striped increment and never a registry lookup.
 */
public final class GatewayMetrics {
  private static final String FRAMES_IN = "parley.ws.frames.in";

  private final MeterRegistry registry;
  private final LongAdder open = new LongAdder();
  private final Counter connects;
  private final Counter disconnects;
  /** One counter per client frame type, tagged with the type's name on the wire ({@code Send} is "send"). */
  private final Map<Class<?>, Counter> framesIn;
  private final Counter invalidIn;
  private final Counter binaryIn;
  private final Counter rateLimited;
  private final Counter sendsShed;
  private final Counter framesOut;
  private final Counter connectionsRefused;

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("parley.ws.connections", open, LongAdder::sum)
        .description("WebSocket connections open now").register(registry);
    connects = Counter.builder("parley.ws.connects").description("WebSocket connections opened").register(registry);
    disconnects = Counter.builder("parley.ws.disconnects").description("WebSocket connections closed")
        .register(registry);
    framesIn = Arrays.stream(ClientFrame.class.getPermittedSubclasses()).collect(Collectors.toUnmodifiableMap(
        Function.identity(), type -> framesIn(type.getSimpleName().toLowerCase(Locale.ROOT))));
    invalidIn = framesIn("invalid");
    binaryIn = framesIn("binary");
    rateLimited = Counter.builder("parley.ws.frames.rate.limited")
        .description("Client frames refused with RATE_LIMITED").register(registry);
    sendsShed = Counter.builder("parley.ws.sends.shed")
        .description("Sends refused with UNAVAILABLE because the gateway had gateway.maxPendingSends awaiting acks")
        .register(registry);
    framesOut = Counter.builder("parley.ws.frames.out").description("Frames written to sockets").register(registry);
    connectionsRefused = Counter.builder("parley.http.connections.refused")
        .description("Connections closed at accept: http.maxConnections or http.maxConnectionsPerAddress reached")
        .register(registry);
  }

  /** Reports {@code count}: how many user addresses the node consumes. */
  public void userAddresses(Supplier<Number> count) {
    Gauge.builder("parley.bus.user.addresses", count)
        .description("User addresses this node consumes: one per user with devices connected here").register(registry);
  }

  public void connectionRefused() {
    connectionsRefused.increment();
  }

  public void connected() {
    open.increment();
    connects.increment();
  }

  public void disconnected() {
    open.decrement();
    disconnects.increment();
  }

  public void frameIn(ClientFrame frame) {
    framesIn.get(frame.getClass()).increment();
  }

  /** A text frame that is not a valid client frame (not JSON, unknown type, bad fields). */
  public void invalidFrameIn() {
    invalidIn.increment();
  }

  public void binaryFrameIn() {
    binaryIn.increment();
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void sendShed() {
    sendsShed.increment();
  }

  public void frameOut() {
    framesOut.increment();
  }

  /** The server closed a connection with {@code code} (idle, too slow, frame too big...); rare, so looked up. */
  public void closedByServer(int code) {
    Counter.builder("parley.ws.server.closes").tag("code", Integer.toString(code))
        .description("Connections the server closed, by close code").register(registry).increment();
  }

  private Counter framesIn(String type) {
    return Counter.builder(FRAMES_IN).tag("type", type).description("Frames received from clients, by type")
        .register(registry);
  }
}
