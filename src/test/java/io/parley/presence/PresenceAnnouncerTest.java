package io.parley.presence;

import io.parley.bus.BusUserDirectory;
import io.parley.bus.Codecs;
import io.parley.presence.local.LocalPresenceStore;
import io.vertx.core.Vertx;
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
 * Coalescing within one flush interval, which the deployed verticle cannot show deterministically: here the test
 * decides what happens between two flushes. Ann's flips are checked next to cid's plain change, so a flush that
 * published nothing at all would fail the tests.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class PresenceAnnouncerTest {
  private static final long T0 = 1_732_700_000_000L;
  private static final long OFFLINE = 2_000;

  private final PresenceStore store = new LocalPresenceStore(Duration.ofMillis(OFFLINE));
  private PresenceBus bus;
  private PresenceAnnouncer announcer;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    Codecs.registerAll(vertx.eventBus());
    bus = new PresenceBus(vertx, markers -> {
      touch(T0, markers.toArray(String[]::new));
      return announcer.flush();
    });
    announcer = new PresenceAnnouncer(vertx.eventBus(), new BusUserDirectory(vertx.eventBus()), store, 10);
    bus.befriend("bob", "ann", "cid");
    bus.start().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("online, offline and online again within one interval announces nothing")
  void onlineFlipIsSilent(VertxTestContext ctx) {
    touchAndFlush(T0, "ann", "bob");
    touch(T0 + OFFLINE - 500, "bob");
    expire(T0 + OFFLINE);
    touch(T0 + OFFLINE, "ann", "cid");

    flushAndCheck(ctx, frame(entry("cid", true, T0 + OFFLINE)));
  }

  @Test
  @DisplayName("offline, online and offline again within one interval announces nothing")
  void offlineFlipIsSilent(VertxTestContext ctx) {
    touchAndFlush(T0, "bob");
    touch(T0 + 1_000, "ann");
    touch(T0 + OFFLINE, "bob", "cid");
    expire(T0 + OFFLINE + 1_000);

    flushAndCheck(ctx, frame(entry("cid", true, T0 + OFFLINE)));
  }

  @Test
  @DisplayName("several flips within one interval announce the final state once")
  void finalStateOnce(VertxTestContext ctx) {
    touchAndFlush(T0, "ann", "bob");
    touch(T0 + OFFLINE - 500, "bob");
    expire(T0 + OFFLINE);
    touch(T0 + OFFLINE, "ann", "cid");
    touch(T0 + OFFLINE * 2 - 500, "bob", "cid");
    expire(T0 + OFFLINE * 2);

    flushAndCheck(ctx, frame(entry("ann", false, T0 + OFFLINE), entry("cid", true, T0 + OFFLINE * 2 - 500)));
  }

  /** Heartbeats as the verticle does: users coming online are changes. */
  private void touch(long now, String... userIds) {
    store.touch(List.of(userIds), now).onSuccess(cameOnline -> cameOnline.forEach(id -> announcer.changed(id, true)));
  }

  /**
   * Heartbeats and flushes, so that these users start the interval under test online and announced to bob, which
   * the test thread waits for.
   */
  private void touchAndFlush(long now, String... userIds) {
    touch(now, userIds);
    try {
      announcer.flush().compose(flushed -> bus.delivered("bob")).await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("first flush not delivered", e);
    }
  }

  private void expire(long now) {
    store.expire(now).onSuccess(expired -> expired.forEach(id -> announcer.changed(id, false)));
  }

  /** Flushes the interval under test and checks what bob got from it, once a later flush has reached him too. */
  private void flushAndCheck(VertxTestContext ctx, JsonObject... expectedBobFrames) {
    bus.events("bob").clear();
    announcer.flush()
        .compose(flushed -> bus.frames("bob", expectedBobFrames.length))
        .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
          assertThat(frames).containsExactly(expectedBobFrames);
          ctx.completeNow();
        })));
  }
}
