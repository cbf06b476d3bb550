package io.parley.storage;

import io.parley.model.ChatMessage;

import java.util.List;

/**
 * One read of a user's inbox, from {@link MessageStore#inbox}. The storage verticle turns it into the bus's
 * {@code InboxPage}.
 *
 * @param entries consecutive entries in sequence order, no gaps
 * @param lastSeq the highest sequence the inbox held when it was read, never below the last entry's
 */
public record InboxEntries(List<Entry> entries, long lastSeq) {

  /** One inbox entry: a message under the inbox's own sequence number. */
  public record Entry(long seq, ChatMessage message) {
  }
}
