package io.parley.e2e.support;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every frame a connection received, in arrival order, until a test takes it. Taking by predicate leaves other
 * frames in place, so a test waiting for an ack does not lose the message frames that arrived before it.
 */
final class FrameQueue {
  private final List<JsonObject> frames = new ArrayList<>();
  private final List<JsonObject> taken = new ArrayList<>();

  synchronized void add(JsonObject frame) {
    frames.add(frame);
    notifyAll();
  }

  /** Removes and returns the first frame matching, waiting up to {@code timeout} for it. */
  synchronized Optional<JsonObject> poll(Predicate<JsonObject> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<JsonObject> found = removeFirst(match);
      long left = deadline - System.nanoTime();
      if (found.isPresent() || left <= 0) {
        return found;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** Frames still waiting, for failure messages. */
  synchronized String describe() {
    StringBuilder text = new StringBuilder("pending=[");
    frames.forEach(frame -> text.append(abbreviate(frame)).append(' '));
    text.append("] recently taken=[");
    taken.subList(Math.max(0, taken.size() - 5), taken.size()).forEach(f -> text.append(abbreviate(f)).append(' '));
    return text.append(']').toString();
  }

  private Optional<JsonObject> removeFirst(Predicate<JsonObject> match) {
    for (Iterator<JsonObject> it = frames.iterator(); it.hasNext(); ) {
      JsonObject frame = it.next();
      if (match.test(frame)) {
        it.remove();
        taken.add(frame);
        if (taken.size() > 50) {
          taken.remove(0);
        }
        return Optional.of(frame);
      }
    }
    return Optional.empty();
  }

  private static String abbreviate(JsonObject frame) {
    String text = frame.encode();
    return text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
  }
}
