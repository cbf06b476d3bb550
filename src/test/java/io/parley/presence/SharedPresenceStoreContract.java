package io.parley.presence;

import io.vertx.core.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link PresenceStore} that serves several nodes must also hold with two of them (two nodes) on the same
 * shared state at once, on top of the one-node {@link PresenceStoreContract}.
 */
public abstract class SharedPresenceStoreContract extends PresenceStoreContract {

  /** A store of another node on the same state as the latest {@link #createStore}. */
  protected abstract PresenceStore createStoreOfAnotherNode(Duration offlineAfter);

  @Test
  @DisplayName("two nodes expiring the same users at once report each user exactly once")
  void concurrentExpiryReportsOnce() {
    PresenceStore other = createStoreOfAnotherNode(OFFLINE_AFTER);
    List<String> users = IntStream.range(0, 300).mapToObj(i -> "user" + i).toList();
    await(store.touch(users.subList(0, 150), T0));
    await(other.touch(users.subList(150, 300), T0 + 500));

    List<Future<List<String>>> passes = new ArrayList<>();
    for (long t = T0 + OFFLINE; t <= T0 + OFFLINE + 1_000; t += 100) {
      passes.add(store.expire(t));
      passes.add(other.expire(t));
    }
    List<String> reported = passes.stream().flatMap(pass -> await(pass).stream()).toList();

    assertThat(reported).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(users);
  }

  @Test
  @DisplayName("two nodes hearing from the same users at once report each coming online exactly once")
  void concurrentTouchReportsOnce() {
    PresenceStore other = createStoreOfAnotherNode(OFFLINE_AFTER);
    List<String> users = IntStream.range(0, 300).mapToObj(i -> "user" + i).toList();

    List<Future<List<String>>> batches = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batches.add(store.touch(users, T0 + i));
      batches.add(other.touch(users, T0 + i));
    }
    List<String> cameOnline = batches.stream().flatMap(batch -> await(batch).stream()).toList();

    assertThat(cameOnline).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(users);
  }

  @Test
  @DisplayName("two nodes: a node that stops calling stops counting its devices; a live one keeps counting")
  void deadNodeDevicesStopCounting() {
    PresenceStore other = createStoreOfAnotherNode(OFFLINE_AFTER);
    await(store.connected("ann", "phone", T0));
    await(other.connected("ann", "laptop", T0));
    await(store.connected("bob", "phone", T0));
    long t = T0;
    for (; t <= T0 + 2 * OFFLINE; t += 5_000) {
      await(other.touch(List.of("ann", "bob"), t));
      await(store.expire(t));
      await(other.expire(t));
    }
    assertThat(presence("ann").connectedDevices()).as("both nodes live, long past offlineAfter").isEqualTo(2);

    long silentSince = t - 5_000;
    for (; t < silentSince + OFFLINE; t += 5_000) {
      await(other.touch(List.of("ann", "bob"), t));
      await(other.expire(t));
    }
    assertThat(presence("ann").connectedDevices()).as("one node silent for less than offlineAfter").isEqualTo(2);

    await(other.touch(List.of("ann", "bob"), silentSince + OFFLINE));
    await(other.expire(silentSince + OFFLINE));
    assertThat(presence("ann")).isEqualTo(new Presence(true, silentSince + OFFLINE, 1));
    assertThat(presence("bob")).isEqualTo(new Presence(true, silentSince + OFFLINE, 0));
  }

  @Test
  @DisplayName("two nodes: the last-active time and the deadline never move back, whatever order writes land in")
  void lastActiveMonotonicAcrossNodes() {
    PresenceStore other = createStoreOfAnotherNode(OFFLINE_AFTER);
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long at = T0 + (49 - i) * 1_000L;
      writes.add(i % 2 == 0 ? store.touch(List.of("ann"), at) : other.connected("ann", "phone", at));
    }
    writes.forEach(PresenceStoreContract::await);

    long latest = T0 + 49_000;
    assertThat(presence("ann").lastActiveAt()).isEqualTo(latest);
    assertThat(await(other.get(List.of("ann"))).get("ann").lastActiveAt()).isEqualTo(latest);
    assertThat(await(other.expire(latest + OFFLINE - 1))).isEmpty();
    assertThat(await(store.expire(latest + OFFLINE))).containsExactly("ann");
  }

  @Test
  @DisplayName("two nodes: a device connected through both counts once, until both have closed")
  void deviceOnTwoNodesCountsOnce() {
    PresenceStore other = createStoreOfAnotherNode(OFFLINE_AFTER);
    await(store.connected("ann", "phone", T0));
    assertThat(await(other.connected("ann", "phone", T0 + 100))).isFalse();
    assertThat(presence("ann").connectedDevices()).isEqualTo(1);

    await(store.disconnected("ann", "phone", T0 + 200));
    assertThat(presence("ann").connectedDevices()).isEqualTo(1);
    await(other.disconnected("ann", "phone", T0 + 300));
    assertThat(presence("ann").connectedDevices()).isZero();
  }

}
