package io.parley.storage.rocksdb;

import io.parley.model.ChatMessage;
import io.parley.storage.ConversationActivity;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.util.ArrayList;
import java.util.List;

/**
 * Each user's conversations by last activity, for {@link RocksDbMessageStore#conversations}. Keys:
 * <ul>
 *   <li>{@code ACTIVITY userId messageId conversationId}, no value: the list, scanned backwards;</li>
 *   <li>{@code USER_CONVERSATION userId conversationId} to the id of the user's listed entry;</li>
 *   <li>{@code CONVERSATION_LAST conversationId} to the id of its last message.</li>
 * </ul>
 * An append reads the conversation's last id once and, per recipient, replaces the entry under it: a delete and two
 * small puts in the append's batch. A recipient whose entry sits elsewhere (a member removed, then added back) keeps
 * a stale entry, which the pointer tells apart on reading and the next delete at it does not reach; reads skip it.
 */
final class ConversationIndex {
  /** Rows read per round while filling a page, so that a few stale ones cost no extra round. */
  private static final int SLACK = 8;

  private ConversationIndex() {
  }

  /**
   * Moves {@code message}'s conversation to the top of each recipient's list; older messages change nothing, and
   * account events, which belong to no conversation a client lists, are not listed.
   */
  static void advance(WriteTxn txn, ChatMessage message, List<String> recipients) throws RocksDBException {
    if (ChatMessage.EVENT.equals(message.kind())) {
      return;
    }
    String conversation = message.conversationId();
    byte[] lastKey = Tag.CONVERSATION_LAST.key().string(conversation).bytes();
    byte[] last = txn.get(lastKey);
    Long previous = last == null ? null : new Decoder(last).number();
    if (previous != null && previous >= message.id()) {
      return;
    }
    byte[] id = new Encoder().number(message.id()).bytes();
    txn.put(lastKey, id);
    for (String user : recipients) {
      if (previous != null) {
        txn.delete(activityKey(user, previous, conversation));
      }
      txn.put(activityKey(user, message.id(), conversation), new byte[0]);
      txn.put(pointerKey(user, conversation), id);
    }
  }

  /** As {@code MessageStore.conversations}. */
  static List<ConversationActivity> read(RocksDB db, String userId, Long beforeId, int limit)
      throws RocksDBException {
    byte[] prefix = Tag.ACTIVITY.key().string(userId).bytes();
    byte[] start = Tag.ACTIVITY.key().string(userId).number(beforeId == null ? Long.MAX_VALUE : beforeId).bytes();
    List<ConversationActivity> found = new ArrayList<>(limit);
    try (RocksIterator iterator = db.newIterator()) {
      iterator.seekForPrev(start);
      while (found.size() < limit && iterator.isValid() && Scan.startsWith(iterator.key(), prefix)) {
        List<Entry> entries = new ArrayList<>();
        for (; entries.size() < limit - found.size() + SLACK && iterator.isValid()
            && Scan.startsWith(iterator.key(), prefix); iterator.prev()) {
          Decoder key = new Decoder(iterator.key(), prefix.length);
          entries.add(new Entry(key.number(), key.string()));
        }
        keepCurrent(db, userId, entries, found, limit);
      }
      iterator.status();
    }
    return found;
  }

  private record Entry(long messageId, String conversationId) {
  }

  /**
   * Adds to {@code found} the entries that are their conversation's current one for the user (the one its pointer
   * names, so each conversation once), with their messages.
   */
  private static void keepCurrent(RocksDB db, String userId, List<Entry> entries, List<ConversationActivity> found,
      int limit) throws RocksDBException {
    List<byte[]> pointers = db.multiGetAsList(
        entries.stream().map(entry -> pointerKey(userId, entry.conversationId())).toList());
    List<Entry> current = new ArrayList<>();
    for (int i = 0; i < entries.size() && found.size() + current.size() < limit; i++) {
      Entry entry = entries.get(i);
      byte[] pointer = pointers.get(i);
      if (pointer != null && new Decoder(pointer).number() == entry.messageId()) {
        current.add(entry);
      }
    }
    if (current.isEmpty()) {
      return;
    }
    List<byte[]> messages = db.multiGetAsList(current.stream()
        .map(e -> RocksDbMessageStore.messageKey(e.conversationId(), e.messageId())).toList());
    for (int i = 0; i < current.size(); i++) {
      Entry entry = current.get(i);
      found.add(new ConversationActivity(entry.conversationId(),
          MessageValues.message(entry.conversationId(), entry.messageId(), messages.get(i))));
    }
  }

  private static byte[] activityKey(String userId, long messageId, String conversationId) {
    return Tag.ACTIVITY.key().string(userId).number(messageId).string(conversationId).bytes();
  }

  private static byte[] pointerKey(String userId, String conversationId) {
    return Tag.USER_CONVERSATION.key().string(userId).string(conversationId).bytes();
  }
}
