package io.parley.load;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One timer per event loop heartbeats all its devices: each device sits in one of {@code SLOTS} slots picked at
 * random (its jitter), and each tick, {@code interval / SLOTS} apart, heartbeats one slot. So every device
 * heartbeats once per interval, the load is spread evenly, and no socket owns a timer.
 */
final class HeartbeatWheel {
  private static final int SLOTS = 50;

  private final Vertx vertx;
  private final List<List<Device>> slots = new ArrayList<>();
  private long timer = -1;
  private int next;

  HeartbeatWheel(Vertx vertx) {
    this.vertx = vertx;
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new ArrayList<>());
    }
  }

  void add(Device device) {
    slots.get(ThreadLocalRandom.current().nextInt(SLOTS)).add(device);
  }

  /** Starts ticking at the interval of the first welcome; later calls change nothing. */
  void start(long intervalMillis) {
    if (timer == -1) {
      timer = vertx.setPeriodic(Math.max(1, intervalMillis / SLOTS), ignored -> tick());
    }
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void tick() {
    slots.get(next).forEach(Device::heartbeat);
    next = (next + 1) % SLOTS;
  }
}
