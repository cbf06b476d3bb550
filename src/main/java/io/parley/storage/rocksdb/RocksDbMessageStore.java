package io.parley.storage.rocksdb;

import io.parley.model.ChatMessage;
import io.parley.storage.Appended;
import io.parley.storage.ConversationActivity;
import io.parley.storage.InboxEntries;
import io.parley.storage.MessageStore;
import io.parley.storage.rocksdb.MessageValues.Reference;
import io.vertx.core.Future;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The embedded {@link MessageStore}; it serves one node only (see {@link RocksDbStorage}). Keys, fields in order:
 * <ul>
 *   <li>{@code MESSAGE conversationId id} to sender, client message id, text and timestamp;</li>
 *   <li>{@code INBOX userId seq} to a {@link Reference}: a group fan-out stores its text once, not per member;</li>
 *   <li>{@code CLIENT_ID senderId clientMessageId} to a {@link Reference} with the sender's sequence;</li>
 *   <li>{@code READ_CURSOR conversationId userId} to a message id;</li>
 *   <li>the conversation list, see {@link ConversationIndex}.</li>
 * </ul>
 * Appends run on the writer thread, whose in-memory inbox ends keep sequences gap-free.
 */
public final class RocksDbMessageStore implements MessageStore {
  private final BlockingReader reader;
  private final GroupCommitWriter writer;

  RocksDbMessageStore(BlockingReader reader, GroupCommitWriter writer) {
    this.reader = reader;
    this.writer = writer;
  }

  @Override
  public Future<Appended> append(ChatMessage message, List<String> recipients) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(recipients));
    return writer.submit(txn -> append(txn, message, distinct));
  }

  private static Appended append(WriteTxn txn, ChatMessage message, List<String> recipients)
      throws RocksDBException {
    byte[] clientKey = Tag.CLIENT_ID.key().string(message.senderId()).string(message.clientMessageId()).bytes();
    byte[] original = txn.get(clientKey);
    if (original != null) {
      return duplicate(txn, message.senderId(), MessageValues.reference(original));
    }
    txn.put(messageKey(message.conversationId(), message.id()), MessageValues.message(message));
    byte[] entry = MessageValues.reference(new Reference(message.conversationId(), message.id(), 0));
    Map<String, Long> seqs = new LinkedHashMap<>();
    for (String recipient : recipients) {
      long seq = txn.nextSeq(inboxPrefix(recipient));
      txn.put(inboxKey(recipient, seq), entry);
      seqs.put(recipient, seq);
    }
    ConversationIndex.advance(txn, message, recipients);
    long senderSeq = seqs.getOrDefault(message.senderId(), 0L);
    txn.put(clientKey, MessageValues.reference(new Reference(message.conversationId(), message.id(), senderSeq)));
    return new Appended(message, seqs, false);
  }

  private static Appended duplicate(WriteTxn txn, String senderId, Reference original) throws RocksDBException {
    byte[] value = txn.get(messageKey(original.conversationId(), original.messageId()));
    ChatMessage message = MessageValues.message(original.conversationId(), original.messageId(), value);
    Map<String, Long> seqs = original.senderSeq() > 0 ? Map.of(senderId, original.senderSeq()) : Map.of();
    return new Appended(message, seqs, true);
  }

  @Override
  public Future<InboxEntries> inbox(String userId, long afterSeq, int limit) {
    return reader.read(db -> {
      byte[] prefix = inboxPrefix(userId);
      List<Scan.Row> rows;
      long lastSeq;
      // One iterator reads one snapshot, so lastSeq is never below the entries returned.
      try (RocksIterator iterator = db.newIterator()) {
        lastSeq = Scan.lastNumber(iterator, prefix);
        rows = Scan.forward(iterator, prefix, inboxKey(userId, Math.max(afterSeq, 0) + 1), limit);
      }
      return new InboxEntries(entries(db, prefix.length, rows), lastSeq);
    });
  }

  private static List<InboxEntries.Entry> entries(RocksDB db, int prefixLength, List<Scan.Row> rows)
      throws RocksDBException {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Reference> references = rows.stream().map(row -> MessageValues.reference(row.value())).toList();
    List<byte[]> values = db.multiGetAsList(
        references.stream().map(ref -> messageKey(ref.conversationId(), ref.messageId())).toList());
    List<InboxEntries.Entry> entries = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Reference ref = references.get(i);
      long seq = new Decoder(rows.get(i).key(), prefixLength).number();
      ChatMessage message = MessageValues.message(ref.conversationId(), ref.messageId(), values.get(i));
      entries.add(new InboxEntries.Entry(seq, message));
    }
    return entries;
  }

  @Override
  public Future<List<ChatMessage>> history(String conversationId, Long beforeId, Long afterId, int limit) {
    byte[] prefix = messagePrefix(conversationId);
    long newest = beforeId == null ? Long.MAX_VALUE : beforeId - 1;
    return reader.read(db -> {
      List<Scan.Row> rows = afterId != null
          ? Scan.forward(db, prefix, messageKey(conversationId, afterId + 1), limit)
          : Scan.backward(db, prefix, messageKey(conversationId, newest), limit);
      // With both bounds, ids past beforeId can only end an ascending page, so dropping them leaves it exact.
      List<ChatMessage> messages = new ArrayList<>(rows.size());
      for (Scan.Row row : rows) {
        long id = new Decoder(row.key(), prefix.length).number();
        if (id <= newest) {
          messages.add(MessageValues.message(conversationId, id, row.value()));
        }
      }
      return messages;
    });
  }

  @Override
  public Future<List<ConversationActivity>> conversations(String userId, Long beforeId, int limit) {
    return reader.read(db -> ConversationIndex.read(db, userId, beforeId, limit));
  }

  @Override
  public Future<Long> markRead(String conversationId, String userId, long messageId) {
    byte[] key = Tag.READ_CURSOR.key().string(conversationId).string(userId).bytes();
    return writer.submit(txn -> {
      byte[] value = txn.get(key);
      long current = value == null ? Long.MIN_VALUE : new Decoder(value).number();
      if (current >= messageId) {
        return current;
      }
      txn.put(key, new Encoder().number(messageId).bytes());
      return messageId;
    });
  }

  @Override
  public Future<Map<String, Long>> readCursors(String conversationId) {
    byte[] prefix = Tag.READ_CURSOR.key().string(conversationId).bytes();
    return reader.read(db -> {
      Map<String, Long> cursors = new LinkedHashMap<>();
      for (Scan.Row row : Scan.all(db, prefix)) {
        cursors.put(new Decoder(row.key(), prefix.length).string(), new Decoder(row.value()).number());
      }
      return cursors;
    });
  }

  private static byte[] messagePrefix(String conversationId) {
    return Tag.MESSAGE.key().string(conversationId).bytes();
  }

  static byte[] messageKey(String conversationId, long id) {
    return Tag.MESSAGE.key().string(conversationId).number(id).bytes();
  }

  private static byte[] inboxPrefix(String userId) {
    return Tag.INBOX.key().string(userId).bytes();
  }

  private static byte[] inboxKey(String userId, long seq) {
    return Tag.INBOX.key().string(userId).number(seq).bytes();
  }
}
