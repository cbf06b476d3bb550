package io.parley.storage.rocksdb;

import io.parley.storage.Contact;
import io.parley.storage.Relation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Relations between users in the embedded store. Keys, fields in order:
 * <ul>
 *   <li>{@code RELATION lowerId higherId} to the pair's {@link Relation} as JSON, absent for {@link Relation#NONE};</li>
 *   <li>{@code FRIEND userId friendId}, empty, for both sides of a friendship, so a friend list is one range read;</li>
 *   <li>{@code CONTACT userId otherId} to {@code {"kind", "at"}} for each side's {@link Relation#contactOf}.</li>
 * </ul>
 * The pair and both sides' listings change in one task of the single writer, so they never disagree. Friendships
 * written before requests existed have {@code FRIEND} keys and no {@code RELATION}: they read as friends.
 */
final class RocksDbRelations {
  private static final byte[] EMPTY = new byte[0];

  private final BlockingReader reader;
  private final GroupCommitWriter writer;

  RocksDbRelations(BlockingReader reader, GroupCommitWriter writer) {
    this.reader = reader;
    this.writer = writer;
  }

  Future<Relation> change(String userId, String otherId, UnaryOperator<Relation> change) {
    return writer.submit(txn -> {
      Relation current = decode(txn.get(relationKey(userId, otherId)), txn.get(friendKey(userId, otherId)));
      Relation next = change.apply(current);
      if (!next.equals(current)) {
        write(txn, userId, otherId, next);
      }
      return next;
    });
  }

  Future<Relation> read(String userId, String otherId) {
    return reader.read(db -> decode(db.get(relationKey(userId, otherId)), db.get(friendKey(userId, otherId))));
  }

  Future<List<Contact>> contacts(String userId) {
    byte[] prefix = Tag.CONTACT.key().string(userId).bytes();
    return reader.read(db -> Scan.all(db, prefix).stream().map(row -> {
      JsonObject value = JsonValues.decode(row.value());
      return new Contact(new Decoder(row.key(), prefix.length).string(),
          Contact.Kind.valueOf(value.getString("kind")), value.getLong("at"));
    }).toList());
  }

  private static void write(WriteTxn txn, String userId, String otherId, Relation next) {
    if (next.equals(Relation.NONE)) {
      txn.delete(relationKey(userId, otherId));
    } else {
      txn.put(relationKey(userId, otherId), JsonValues.encode(next.toJson()));
    }
    writeSide(txn, next, userId, otherId);
    writeSide(txn, next, otherId, userId);
  }

  private static void writeSide(WriteTxn txn, Relation relation, String userId, String otherId) {
    if (relation.friends()) {
      txn.put(friendKey(userId, otherId), EMPTY);
    } else {
      txn.delete(friendKey(userId, otherId));
    }
    Contact contact = relation.contactOf(userId, otherId);
    byte[] key = Tag.CONTACT.key().string(userId).string(otherId).bytes();
    if (contact == null) {
      txn.delete(key);
    } else {
      txn.put(key, JsonValues.encode(new JsonObject().put("kind", contact.kind().name()).put("at", contact.at())));
    }
  }

  private static Relation decode(byte[] relation, byte[] legacyFriend) {
    if (relation != null) {
      return Relation.fromJson(JsonValues.decode(relation));
    }
    return legacyFriend != null ? new Relation(true, null, 0, List.of()) : Relation.NONE;
  }

  /** The pair's key, the same whichever user is named first. */
  private static byte[] relationKey(String userId, String otherId) {
    boolean lowFirst = userId.compareTo(otherId) < 0;
    return Tag.RELATION.key().string(lowFirst ? userId : otherId).string(lowFirst ? otherId : userId).bytes();
  }

  private static byte[] friendKey(String userId, String friendId) {
    return Tag.FRIEND.key().string(userId).string(friendId).bytes();
  }
}
