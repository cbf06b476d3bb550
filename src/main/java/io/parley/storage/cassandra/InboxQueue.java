package io.parley.storage.cassandra;

import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The appends to one inbox waiting on this node, and whether a conditional write for it is in flight. Touched only
 * inside {@code ConcurrentHashMap.compute} for the inbox's key, which is what makes adding, taking and dropping it
 * atomic.
 */
final class InboxQueue {
  /** One entry to append: the message it refers to, and who waits for its sequence. */
  record Pending(String conversationId, long messageId, Promise<Long> seq) {
  }

  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private boolean writing;

  /** Queues an entry; true when no write is in flight, so the caller starts one. */
  boolean add(Pending pending) {
    waiting.add(pending);
    boolean start = !writing;
    writing = true;
    return start;
  }

  /** Up to {@code max} entries in arrival order; none means the writer stops and the queue can go. */
  List<Pending> take(int max) {
    List<Pending> batch = new ArrayList<>(Math.min(max, waiting.size()));
    while (batch.size() < max && !waiting.isEmpty()) {
      batch.add(waiting.poll());
    }
    writing = !batch.isEmpty();
    return batch;
  }

  /** Entries taken but not written, ahead of the rest, in their order. */
  void putBack(List<Pending> rest) {
    for (int i = rest.size() - 1; i >= 0; i--) {
      waiting.addFirst(rest.get(i));
    }
  }

  boolean idle() {
    return !writing && waiting.isEmpty();
  }
}
