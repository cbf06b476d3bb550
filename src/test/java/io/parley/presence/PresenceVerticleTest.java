package io.parley.presence;

import io.parley.bus.BusUserDirectory;
import io.parley.bus.Addresses;
import io.parley.bus.Codecs;
import io.parley.bus.Failure;
import io.parley.bus.UserEvent;
import io.parley.config.PresenceConfig;
import io.parley.config.RedisPresenceConfig;
import io.parley.presence.local.LocalPresenceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.parley.presence.PresenceBus.entry;
import static io.parley.presence.PresenceBus.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed verticle on a real event bus, with offlineAfter = 2 s and a fan-out of 3. The clock moves only when a
 * test moves it, while the flush timer runs every 50 ms of real time, so no test waits for presence to expire.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PresenceVerticleTest {
  private static final long T0 = 1_732_700_000_000L;
  private static final PresenceConfig CONFIG = new PresenceConfig("local", 1, 2, 3,
      new RedisPresenceConfig("redis://127.0.0.1:6379", 1_000, 1_000));

  private final MutableClock clock = new MutableClock(T0);
  private PresenceBus bus;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    Codecs.registerAll(vertx.eventBus());
    bus = new PresenceBus(vertx);
    PresenceStore store = new LocalPresenceStore(Duration.ofSeconds(CONFIG.offlineAfterSeconds()));
    bus.start()
        .compose(ready -> vertx.deployVerticle(new PresenceVerticle(CONFIG, store, clock, Duration.ofMillis(50),
            new BusUserDirectory(vertx.eventBus()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a device connecting brings its user online, announced to an online friend")
  void connectIsAnnounced(VertxTestContext ctx) {
    bus.befriend("ann", "bob");
    bus.heartbeat("bob")
        .compose(bobOnline -> bus.delivered("bob"))
        .compose(delivered -> bus.connect("ann", "phone"))
        .compose(ann -> bus.frames("bob", 1))
        .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
          assertThat(frames).containsExactly(frame(entry("ann", true, T0)));
          assertThat(bus.events("bob")).extracting(UserEvent::seq).containsOnly(0L);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("heartbeats keep a user online well past offlineAfter")
  void heartbeatsKeepOnline(VertxTestContext ctx) {
    bus.befriend("ann", "bob");
    Future<?> steps = bus.heartbeat("ann", "bob").compose(handled -> bus.untilEntries("bob", "ann", 1));
    heartbeatEachSecond(steps, 5)
        .compose(delivered -> bus.query("ann"))
        .onComplete(ctx.succeeding(presence -> ctx.verify(() -> {
          assertThat(presence.getJsonObject("ann")).isEqualTo(status(true, T0 + 5_000, 0));
          assertThat(bus.entries("bob", "ann")).containsExactly(entry("ann", true, T0));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a user silent for offlineAfter goes offline, announced with the last-active time")
  void silenceIsAnnounced(VertxTestContext ctx) {
    bus.befriend("ann", "bob");
    bus.heartbeat("ann", "bob")
        .compose(handled -> bus.untilEntries("bob", "ann", 1))
        .compose(online -> advance(1_500))
        .compose(moved -> bus.heartbeat("bob"))
        .compose(handled -> advance(1_000))
        .compose(moved -> bus.untilEntries("bob", "ann", 2))
        .compose(offline -> bus.delivered("bob"))
        .onComplete(ctx.succeeding(delivered -> ctx.verify(() -> {
          assertThat(bus.entries("bob", "ann")).containsExactly(entry("ann", true, T0), entry("ann", false, T0));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a quick disconnect and reconnect within offlineAfter announces no offline")
  void quickReconnectIsSilent(VertxTestContext ctx) {
    bus.befriend("ann", "bob");
    bus.heartbeat("bob")
        .compose(handled -> bus.connect("ann", "phone"))
        .compose(handled -> bus.untilEntries("bob", "ann", 1))
        .compose(online -> advance(500))
        .compose(moved -> bus.disconnect("ann", "phone"))
        .compose(handled -> advance(500))
        .compose(moved -> bus.connect("ann", "phone"))
        .compose(handled -> bus.heartbeat("bob"))
        .compose(handled -> advance(1_500))
        .compose(moved -> bus.delivered("bob"))
        .compose(delivered -> bus.query("ann"))
        .compose(ann -> {
          ctx.verify(() -> {
            assertThat(ann.getJsonObject("ann")).isEqualTo(status(true, T0 + 1_000, 1));
            assertThat(bus.entries("bob", "ann")).containsExactly(entry("ann", true, T0));
          });
          // the same silence, a second longer, does take ann offline: the check above could have failed
          return bus.heartbeat("bob");
        })
        .compose(handled -> advance(1_000))
        .compose(moved -> bus.untilEntries("bob", "ann", 2))
        .onComplete(ctx.succeeding(offline -> ctx.verify(() -> {
          assertThat(bus.entries("bob", "ann")).last().isEqualTo(entry("ann", false, T0 + 1_000));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a user with two devices stays online while one heartbeats after the other disconnects")
  void oneDeviceKeepsOnline(VertxTestContext ctx) {
    bus.befriend("ann", "bob");
    Future<?> steps = bus.heartbeat("bob")
        .compose(handled -> bus.connect("ann", "phone"))
        .compose(handled -> bus.connect("ann", "laptop"))
        .compose(handled -> bus.disconnect("ann", "laptop"))
        .compose(handled -> bus.untilEntries("bob", "ann", 1));
    heartbeatEachSecond(steps, 4)
        .compose(delivered -> bus.query("ann"))
        .onComplete(ctx.succeeding(presence -> ctx.verify(() -> {
          assertThat(presence.getJsonObject("ann")).isEqualTo(status(true, T0 + 4_000, 1));
          assertThat(bus.entries("bob", "ann")).containsExactly(entry("ann", true, T0));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("friends who are offline, never seen or expired, get nothing")
  void offlineFriendsGetNothing(VertxTestContext ctx) {
    bus.befriend("ann", "bob", "cid", "dan");
    bus.heartbeat("dan")
        .compose(handled -> advance(2_500))
        .compose(moved -> bus.heartbeat("cid"))
        .compose(handled -> bus.untilOffline("dan"))
        .compose(danOffline -> bus.connect("ann", "phone"))
        .compose(handled -> bus.frames("cid", 1))
        .compose(cidFrames -> {
          ctx.verify(() -> assertThat(cidFrames).containsExactly(frame(entry("ann", true, T0 + 2_500))));
          // online, bob and dan do get ann's next change, after anything published to them before
          return bus.heartbeat("bob", "dan");
        })
        .compose(handled -> advance(1_000))
        .compose(moved -> bus.heartbeat("bob", "dan"))
        .compose(handled -> advance(1_000))
        .compose(moved -> bus.heartbeat("bob", "dan"))
        .compose(handled -> advance(1_500))
        .compose(moved -> bus.untilEntries("bob", "ann", 1))
        .compose(bobTold -> bus.untilEntries("dan", "ann", 1))
        .onComplete(ctx.succeeding(danTold -> ctx.verify(() -> {
          assertThat(bus.entries("bob", "ann")).containsExactly(entry("ann", false, T0 + 2_500));
          assertThat(bus.entries("dan", "ann")).containsExactly(entry("ann", false, T0 + 2_500));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("one change reaches at most maxFanout online friends")
  void fanoutIsCapped(VertxTestContext ctx) {
    List<String> friends = List.of("f1", "f2", "f3", "f4", "f5");
    bus.befriend("ann", friends.toArray(String[]::new));
    // every friend is online and listening: each gets its marker, before and after ann's change
    bus.heartbeat(friends.toArray(String[]::new))
        .compose(handled -> bus.delivered(friends.toArray(String[]::new)))
        .compose(delivered -> bus.connect("ann", "phone"))
        .compose(handled -> bus.until(() -> received(friends) >= CONFIG.maxFanout(), 100))
        .compose(capReached -> bus.delivered(friends.toArray(String[]::new)))
        .onComplete(ctx.succeeding(delivered -> ctx.verify(() -> {
          assertThat(received(friends)).isEqualTo(3);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("the changes of one flush reach each recipient in a single frame")
  void changesGroupedPerRecipient(VertxTestContext ctx) {
    bus.befriend("bob", "ann", "cid", "dan");
    bus.befriend("eve", "ann");
    bus.heartbeat("bob", "eve")
        .compose(handled -> bus.delivered("bob", "eve"))
        .compose(delivered -> bus.heartbeat("ann", "cid", "dan"))
        .compose(handled -> bus.frames("eve", 1))
        .compose(eveFrames -> bus.frames("bob", 1))
        .onComplete(ctx.succeeding(bobFrames -> ctx.verify(() -> {
          assertThat(bobFrames).hasSize(1);
          assertThat(bobFrames.get(0).getJsonArray("users"))
              .containsExactlyInAnyOrder(entry("ann", true, T0), entry("cid", true, T0), entry("dan", true, T0));
          assertThat(bus.frames("eve")).containsExactly(frame(entry("ann", true, T0)));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a query returns the last-active time of a user gone offline, and nulls for one never seen")
  void queryAfterOffline(VertxTestContext ctx) {
    bus.connect("ann", "phone")
        .compose(handled -> advance(700))
        .compose(moved -> bus.heartbeat("ann"))
        .compose(handled -> advance(2_300))
        .compose(moved -> bus.untilOffline("ann"))
        .compose(offline -> bus.query("ann", "ghost"))
        .onComplete(ctx.succeeding(presence -> ctx.verify(() -> {
          assertThat(presence).isEqualTo(new JsonObject()
              .put("ann", status(false, T0 + 700, 0))
              .put("ghost", new JsonObject()
                  .put("online", false).put("lastActiveAt", null).put("connectedDevices", 0)));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a query that is not an array of user ids fails with INVALID")
  void invalidQuery(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.PRESENCE_QUERY, new JsonObject().put("userId", "ann"))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertThat(failure).isInstanceOf(ReplyException.class);
          assertThat(((ReplyException) failure).failureCode()).isEqualTo(Failure.INVALID.code());
          ctx.completeNow();
        })));
  }

  private Future<Void> advance(long millis) {
    clock.advance(millis);
    return Future.succeededFuture();
  }

  /** How many of {@code recipients} have been told about ann. */
  private int received(List<String> recipients) {
    return recipients.stream().mapToInt(recipient -> bus.entries(recipient, "ann").size()).sum();
  }

  private static JsonObject status(boolean online, long lastActiveAt, int connectedDevices) {
    return new JsonObject().put("online", online).put("lastActiveAt", lastActiveAt)
        .put("connectedDevices", connectedDevices);
  }

  /**
   * After {@code steps}, {@code seconds} times: the clock moves a second, ann and bob heartbeat, and presence expires
   * and flushes at that time, all it announces delivered to bob.
   */
  private Future<?> heartbeatEachSecond(Future<?> steps, int seconds) {
    for (int i = 0; i < seconds; i++) {
      steps = steps.compose(previous -> advance(1_000))
          .compose(moved -> bus.heartbeat("ann", "bob"))
          .compose(handled -> bus.delivered("bob"));
    }
    return steps;
  }
}
