package io.parley.presence.redis;

import io.parley.bus.BusUserDirectory;
import io.parley.bus.Addresses;
import io.parley.bus.Codecs;
import io.parley.config.PresenceConfig;
import io.parley.config.RedisPresenceConfig;
import io.parley.presence.MutableClock;
import io.parley.presence.Presence;
import io.parley.presence.PresenceVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Redis stopped, restarted on the same port, or frozen under a store that stays open: calls fail within the command
 * timeout and never hang, presence queries answer "unknown", and the same store works again once Redis is back.
 * The server is this class's own, so no other class sees the outage.
 */
class RedisPresenceOutageTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = RedisServerExtension.ownServer();

  private static final int TIMEOUT_MILLIS = 500;
  /** What a failing call may take beyond the timeout: scheduling on a loaded machine. */
  private static final long SLACK_MILLIS = 1_000;
  private static final Duration OFFLINE_AFTER = Duration.ofSeconds(30);
  private static final long OFFLINE = OFFLINE_AFTER.toMillis();
  private static final long T0 = 1_732_700_000_000L;

  private final RedisStores stores = new RedisStores();
  private final Vertx vertx = stores.vertx();
  private RedisPresenceStore store;

  @BeforeEach
  void openStore() {
    store = stores.create("node0", new RedisPresenceConfig(REDIS.url(), TIMEOUT_MILLIS, 1_000), OFFLINE_AFTER);
    // the first connect of a cold JVM may exceed the short timeout; the store connects again by itself
    untilSucceeds(() -> store.open());
  }

  @AfterEach
  void close() throws Exception {
    stores.close();
  }

  @Test
  @DisplayName("redis-server stopped: every call fails within the timeout; restarted on its port, the same store works")
  void stoppedAndRestarted() {
    assertThat(await(store.connected("ann", "phone", T0))).isTrue();

    REDIS.stop();
    failsInTime(store.touch(List.of("ann"), T0 + 1_000));
    failsInTime(store.connected("ann", "laptop", T0 + 1_000));
    failsInTime(store.disconnected("ann", "phone", T0 + 1_000));
    failsInTime(store.get(List.of("ann")));
    failsInTime(store.expire(T0 + 1_000));

    REDIS.start();
    // the restarted server is empty: ann comes online again
    assertThat(untilSucceeds(() -> store.touch(List.of("ann"), T0 + 2_000))).containsExactly("ann");
    assertThat(await(store.connected("ann", "phone", T0 + 2_000))).isFalse();
    assertThat(await(store.get(List.of("ann"))).get("ann")).isEqualTo(new Presence(true, T0 + 2_000, 1));
  }

  @Test
  @DisplayName("redis-server frozen with the connection open: calls fail within the timeout; thawed, the store works")
  void frozenAndThawed() {
    await(store.touch(List.of("ann"), T0));

    REDIS.pause();
    try {
      failsInTime(store.touch(List.of("bob"), T0 + 1_000));
      failsInTime(store.get(List.of("ann")));
      failsInTime(store.expire(T0 + 1_000));
    } finally {
      REDIS.resume();
    }

    untilSucceeds(() -> store.get(List.of("ann")));
    assertThat(await(store.get(List.of("ann"))).get("ann")).isEqualTo(new Presence(true, T0, 0));
    assertThat(await(store.touch(List.of("cid"), T0 + 2_000))).containsExactly("cid");
  }

  @Test
  @DisplayName("after a failed call, expiry waits offlineAfter from it, so heartbeats lost in an outage take no one "
      + "offline")
  void expiryWaitsOutOutage() {
    await(store.touch(List.of("ann"), T0));
    REDIS.pause();
    try {
      failsInTime(store.touch(List.of("bob"), T0 + 20_000));
    } finally {
      REDIS.resume();
    }
    untilSucceeds(() -> store.get(List.of("ann")));

    assertThat(await(store.expire(T0 + OFFLINE))).as("ann due, but within offlineAfter of the failure").isEmpty();
    assertThat(await(store.expire(T0 + 20_000 + OFFLINE - 1))).isEmpty();
    assertThat(await(store.expire(T0 + 20_000 + OFFLINE))).contains("ann");
  }

  @Test
  @DisplayName("Redis down: presence queries over the bus answer every user unknown at once; back, presence works")
  void queriesAnswerUnknownWhileDown() {
    Codecs.registerAll(vertx.eventBus());
    PresenceConfig config = new PresenceConfig("redis", 1, 30, 10,
        new RedisPresenceConfig(REDIS.url(), TIMEOUT_MILLIS, 1_000));
    await(vertx.deployVerticle(new PresenceVerticle(config, store, new MutableClock(T0), Duration.ofMillis(50),
        new BusUserDirectory(vertx.eventBus()))));
    connect("ann");
    untilSucceeds(() -> query("ann").compose(reply -> online(reply, "ann")));

    REDIS.stop();
    long start = System.nanoTime();
    JsonObject reply = await(query("ann", "bob"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(TIMEOUT_MILLIS + SLACK_MILLIS);
    assertThat(reply).isEqualTo(new JsonObject()
        .put("ann", Presence.UNKNOWN.toJson())
        .put("bob", Presence.UNKNOWN.toJson()));

    REDIS.start();
    untilSucceeds(() -> {
      connect("ann");
      return query("ann").compose(again -> online(again, "ann"));
    });
  }

  private void connect(String userId) {
    vertx.eventBus().send(Addresses.PRESENCE_CONNECTION,
        new JsonObject().put("userId", userId).put("deviceId", "phone").put("connected", true));
  }

  private Future<JsonObject> query(String... userIds) {
    return vertx.eventBus().<JsonObject>request(Addresses.PRESENCE_QUERY, new JsonArray(List.of(userIds)))
        .map(message -> message.body());
  }

  private static Future<Void> online(JsonObject reply, String userId) {
    return reply.getJsonObject(userId).getBoolean("online")
        ? Future.succeededFuture()
        : Future.failedFuture(userId + " not online yet");
  }

  /** The call fails, and does so within the command timeout (plus scheduling slack), never hanging. */
  private static void failsInTime(Future<?> call) {
    long start = System.nanoTime();
    try {
      call.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      fail("call succeeded with Redis unavailable");
    } catch (ExecutionException expected) {
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .as("failed after").isLessThan(TIMEOUT_MILLIS + SLACK_MILLIS);
    } catch (Exception e) {
      throw new AssertionError("call neither failed nor succeeded in 10 s", e);
    }
  }

  /** Repeats the call until it succeeds, for at most 15 s: the store reconnecting on its own. */
  private static <T> T untilSucceeds(Supplier<Future<T>> call) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try {
        return call.get().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("still failing after 15 s", notYet);
        }
        pause();
      }
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("call failed", e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
