package io.parley.presence;

import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every behavioural test of {@link PresenceStore}; each implementation's test only supplies the store, and, when it
 * serves several nodes, {@link SharedPresenceStoreContract} adds what must hold with several at once. Time is passed
 * in, so nothing sleeps.
 */
public abstract class PresenceStoreContract {
  protected static final Duration OFFLINE_AFTER = Duration.ofSeconds(30);
  protected static final long T0 = 1_732_700_000_000L;
  protected static final long OFFLINE = OFFLINE_AFTER.toMillis();

  protected PresenceStore store;

  /** A store, empty as far as these tests can tell, that takes users offline after {@code offlineAfter}. */
  protected abstract PresenceStore createStore(Duration offlineAfter);

  @BeforeEach
  void createStore() {
    store = createStore(OFFLINE_AFTER);
  }

  @Test
  @DisplayName("a user never seen is offline, never active, with no devices")
  void unknownUser() {
    Presence ghost = presence("ghost");
    assertThat(ghost.online()).isFalse();
    assertThat(ghost.lastActiveAt()).isNull();
    assertThat(ghost.connectedDevices()).isZero();
  }

  @Test
  @DisplayName("the first heartbeat brings a user online and reports it; later ones do not")
  void touchReportsComingOnline() {
    assertThat(await(store.touch(List.of("ann", "bob"), T0))).containsExactly("ann", "bob");
    assertThat(await(store.touch(List.of("ann", "cid"), T0 + 5_000))).containsExactly("cid");

    assertThat(presence("ann")).isEqualTo(new Presence(true, T0 + 5_000, 0));
    assertThat(presence("bob")).isEqualTo(new Presence(true, T0, 0));
  }

  @Test
  @DisplayName("a connect counts as a heartbeat and counts the device")
  void connectBringsOnline() {
    assertThat(await(store.connected("ann", "phone", T0))).isTrue();
    assertThat(await(store.connected("ann", "laptop", T0 + 1_000))).isFalse();

    assertThat(presence("ann")).isEqualTo(new Presence(true, T0 + 1_000, 2));
  }

  @Test
  @DisplayName("a device with two connections counts once and stays until both are closed")
  void deviceCountedOnce() {
    await(store.connected("ann", "phone", T0));
    await(store.connected("ann", "phone", T0 + 100));
    assertThat(presence("ann").connectedDevices()).isEqualTo(1);

    await(store.disconnected("ann", "phone", T0 + 200));
    assertThat(presence("ann").connectedDevices()).isEqualTo(1);
    await(store.disconnected("ann", "phone", T0 + 300));
    assertThat(presence("ann").connectedDevices()).isZero();
  }

  @Test
  @DisplayName("disconnects of unknown devices or users change nothing")
  void unknownDisconnect() {
    await(store.connected("ann", "phone", T0));
    await(store.disconnected("ann", "tablet", T0 + 100));
    await(store.disconnected("ghost", "phone", T0 + 100));

    assertThat(presence("ann")).isEqualTo(new Presence(true, T0, 1));
    assertThat(presence("ghost")).isEqualTo(Presence.UNKNOWN);
  }

  @Test
  @DisplayName("a disconnect does not take a user offline nor move the last-active time")
  void disconnectKeepsOnline() {
    await(store.connected("ann", "phone", T0));
    await(store.disconnected("ann", "phone", T0 + 1_000));

    assertThat(presence("ann")).isEqualTo(new Presence(true, T0, 0));
    assertThat(await(store.expire(T0 + OFFLINE - 1))).isEmpty();
  }

  @Test
  @DisplayName("a silent user is expired once offlineAfter has passed, exactly once")
  void expiresSilentUser() {
    await(store.connected("ann", "phone", T0));

    assertThat(await(store.expire(T0 + OFFLINE - 1))).isEmpty();
    assertThat(await(store.expire(T0 + OFFLINE + 1_000))).containsExactly("ann");
    assertThat(await(store.expire(T0 + OFFLINE + 2_000))).isEmpty();
    assertThat(presence("ann").online()).isFalse();
  }

  @Test
  @DisplayName("expiry comes at most one second after the deadline")
  void expiresPromptly() {
    await(store.touch(List.of("ann"), T0 + 400));

    assertThat(await(store.expire(T0 + OFFLINE + 399))).isEmpty();
    assertThat(await(store.expire(T0 + OFFLINE + 1_000))).containsExactly("ann");
  }

  @Test
  @DisplayName("a user who heartbeats is never expired, and is once the heartbeats stop")
  void heartbeatsPostponeExpiry() {
    await(store.touch(List.of("ann"), T0));
    for (long t = T0 + 5_000; t <= T0 + 120_000; t += 5_000) {
      await(store.touch(List.of("ann"), t));
      assertThat(await(store.expire(t))).as("expired at %d", t - T0).isEmpty();
    }

    assertThat(await(store.expire(T0 + 120_000 + OFFLINE - 1))).isEmpty();
    assertThat(await(store.expire(T0 + 120_000 + OFFLINE + 1_000))).containsExactly("ann");
  }

  @Test
  @DisplayName("a user heartbeating through any device stays online after another disconnects")
  void oneOfTwoDevicesKeepsOnline() {
    await(store.connected("ann", "phone", T0));
    await(store.connected("ann", "laptop", T0));
    await(store.disconnected("ann", "laptop", T0 + 1_000));
    await(store.touch(List.of("ann"), T0 + 20_000));

    assertThat(await(store.expire(T0 + OFFLINE + 5_000))).isEmpty();
    assertThat(presence("ann")).isEqualTo(new Presence(true, T0 + 20_000, 1));
  }

  @Test
  @DisplayName("after going offline the last-active time is kept and the devices are reset")
  void offlineKeepsLastActive() {
    await(store.connected("ann", "phone", T0));
    await(store.touch(List.of("ann"), T0 + 5_000));
    await(store.expire(T0 + 5_000 + OFFLINE));

    assertThat(presence("ann")).isEqualTo(new Presence(false, T0 + 5_000, 0));
  }

  @Test
  @DisplayName("a user back after going offline is reported as coming online again and can expire again")
  void comesBackAfterOffline() {
    await(store.touch(List.of("ann"), T0));
    await(store.expire(T0 + OFFLINE));

    assertThat(await(store.connected("ann", "phone", T0 + 40_000))).isTrue();
    assertThat(presence("ann")).isEqualTo(new Presence(true, T0 + 40_000, 1));
    assertThat(await(store.expire(T0 + 40_000 + OFFLINE))).containsExactly("ann");
  }

  @Test
  @DisplayName("the last-active time never moves backwards")
  void lastActiveMonotonic() {
    await(store.touch(List.of("ann"), T0 + 5_000));
    await(store.touch(List.of("ann"), T0));

    assertThat(presence("ann").lastActiveAt()).isEqualTo(T0 + 5_000);
  }

  @Test
  @DisplayName("only silent users are expired, however many are online")
  void expiresOnlySilentOnes() {
    await(store.touch(List.of("ann", "bob", "cid"), T0));
    await(store.touch(List.of("bob"), T0 + 10_000));

    assertThat(await(store.expire(T0 + OFFLINE + 1_000))).containsExactlyInAnyOrder("ann", "cid");
    assertThat(await(store.get(List.of("ann", "bob", "cid", "dan"))))
        .containsOnlyKeys("ann", "bob", "cid", "dan")
        .hasEntrySatisfying("bob", presence -> assertThat(presence.online()).isTrue())
        .hasEntrySatisfying("cid", presence -> assertThat(presence.online()).isFalse())
        .containsEntry("dan", Presence.UNKNOWN);
  }

  protected Presence presence(String userId) {
    return await(store.get(List.of(userId))).get(userId);
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store call failed", e);
    }
  }
}
