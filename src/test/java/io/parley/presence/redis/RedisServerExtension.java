package io.parley.presence.redis;

import io.parley.e2e.support.FreePort;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} for tests, on a free loopback port, emptied ({@code FLUSHALL}) before each test and
 * stopped when its scope ends. Register it as a static {@code @RegisterExtension} field: {@link #shared()} is one
 * server for the whole run; {@link #ownServer()} is one for a single class, for tests that {@link #stop} and
 * {@link #start} it or {@link #pause} it, so no other class sees the outage.
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
      RedisServerExtension.class);

  private final boolean perRun;
  private volatile RedisServer server;

  private RedisServerExtension(boolean perRun) {
    this.perRun = perRun;
  }

  public static RedisServerExtension shared() {
    return new RedisServerExtension(true);
  }

  public static RedisServerExtension ownServer() {
    return new RedisServerExtension(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext owner = perRun ? context.getRoot() : context;
    server = owner.getStore(NAMESPACE)
        .getOrComputeIfAbsent("redis", key -> RedisServer.start(FreePort.pick()), RedisServer.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server.flushAll();
  }

  /** The URL a client connects with, as {@code presence.redisUrl} takes it. */
  public String url() {
    return "redis://127.0.0.1:" + server.port();
  }

  /** Stops the server, losing its data, and returns once the process is gone. */
  public void stop() {
    server.stop();
  }

  /** Starts the stopped server again on the same port; returns once it answers. */
  public void start() {
    server.start();
  }

  /** Freezes the process: connections stay open, commands get no answer. */
  public void pause() {
    server.pause();
  }

  public void resume() {
    server.resume();
  }
}
