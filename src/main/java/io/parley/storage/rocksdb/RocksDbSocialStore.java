package io.parley.storage.rocksdb;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.storage.Contact;
import io.parley.storage.GroupRecord;
import io.parley.storage.Relation;
import io.parley.storage.SocialStore;
import io.vertx.core.Future;
import org.rocksdb.RocksDBException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The embedded {@link SocialStore}; it serves one node only (see {@link RocksDbStorage}). Keys, fields in order:
 * <ul>
 *   <li>friendships, requests and blocks as {@link RocksDbRelations} keeps them;</li>
 *   <li>{@code GROUP groupId} to the {@link GroupRecord} as JSON, members in join order. The protocol keeps groups
 *       small, so the list is rewritten on each change, and {@link #addMember} checks its size in the same write
 *       task that changes it;</li>
 *   <li>{@code USER_GROUP userId groupId}, empty, so a user's groups are one range read.</li>
 * </ul>
 */
public final class RocksDbSocialStore implements SocialStore {
  private static final byte[] EMPTY = new byte[0];

  private final BlockingReader reader;
  private final GroupCommitWriter writer;
  private final RocksDbRelations relations;

  RocksDbSocialStore(BlockingReader reader, GroupCommitWriter writer) {
    this.reader = reader;
    this.writer = writer;
    this.relations = new RocksDbRelations(reader, writer);
  }

  @Override
  public Future<Relation> changeRelation(String userId, String otherId, long now, UnaryOperator<Relation> change) {
    return relations.change(userId, otherId, change);
  }

  @Override
  public Future<Relation> relation(String userId, String otherId) {
    return relations.read(userId, otherId);
  }

  @Override
  public Future<List<String>> friends(String userId) {
    return lastFields(Tag.FRIEND.key().string(userId).bytes());
  }

  @Override
  public Future<List<Contact>> contacts(String userId) {
    return relations.contacts(userId);
  }

  @Override
  public Future<GroupRecord> createGroup(GroupRecord group) {
    List<String> members = List.copyOf(new LinkedHashSet<>(group.members()));
    GroupRecord created = new GroupRecord(group.id(), group.name(), group.ownerId(), group.createdAt(), members);
    return writer.submit(txn -> {
      txn.put(groupKey(group.id()), JsonValues.encode(created.toJson()));
      members.forEach(member -> txn.put(userGroupKey(member, group.id()), EMPTY));
      return created;
    });
  }

  @Override
  public Future<GroupRecord> group(String groupId) {
    return reader.read(db -> decodeGroup(db.get(groupKey(groupId))));
  }

  @Override
  public Future<List<String>> groupsOf(String userId) {
    return lastFields(Tag.USER_GROUP.key().string(userId).bytes());
  }

  @Override
  public Future<GroupRecord> addMember(String groupId, String userId, int maxMembers) {
    return writer.submit(txn -> {
      GroupRecord group = existing(txn, groupId);
      if (group.members().contains(userId) || group.members().size() >= maxMembers) {
        return group;
      }
      List<String> members = new ArrayList<>(group.members());
      members.add(userId);
      txn.put(userGroupKey(userId, groupId), EMPTY);
      return withMembers(txn, group, group.ownerId(), members);
    });
  }

  @Override
  public Future<GroupRecord> removeMember(String groupId, String userId) {
    return writer.submit(txn -> {
      GroupRecord group = existing(txn, groupId);
      if (!group.members().contains(userId)) {
        return group;
      }
      List<String> members = new ArrayList<>(group.members());
      members.remove(userId);
      txn.delete(userGroupKey(userId, groupId));
      // an owner who leaves hands the group to the longest-standing member, so someone can still manage it
      String owner = userId.equals(group.ownerId()) && !members.isEmpty() ? members.get(0) : group.ownerId();
      return withMembers(txn, group, owner, members);
    });
  }

  @Override
  public Future<GroupRecord> renameGroup(String groupId, String name) {
    return writer.submit(txn -> {
      GroupRecord renamed = existing(txn, groupId).withName(name);
      txn.put(groupKey(groupId), JsonValues.encode(renamed.toJson()));
      return renamed;
    });
  }

  private static GroupRecord existing(WriteTxn txn, String groupId) throws RocksDBException {
    GroupRecord group = decodeGroup(txn.get(groupKey(groupId)));
    if (group == null) {
      throw new ChatException(Failure.NOT_FOUND, "no group " + groupId);
    }
    return group;
  }

  private static GroupRecord withMembers(WriteTxn txn, GroupRecord group, String ownerId, List<String> members) {
    GroupRecord updated = new GroupRecord(group.id(), group.name(), ownerId, group.createdAt(), List.copyOf(members));
    txn.put(groupKey(group.id()), JsonValues.encode(updated.toJson()));
    return updated;
  }

  /** The second string field of every key under {@code prefix}, whose keys are {@code tag string string}. */
  private Future<List<String>> lastFields(byte[] prefix) {
    return reader.read(db -> Scan.all(db, prefix).stream()
        .map(row -> new Decoder(row.key(), prefix.length).string())
        .toList());
  }

  private static GroupRecord decodeGroup(byte[] value) {
    return value == null ? null : GroupRecord.fromJson(JsonValues.decode(value));
  }

  private static byte[] groupKey(String groupId) {
    return Tag.GROUP.key().string(groupId).bytes();
  }

  private static byte[] userGroupKey(String userId, String groupId) {
    return Tag.USER_GROUP.key().string(userId).string(groupId).bytes();
  }
}
