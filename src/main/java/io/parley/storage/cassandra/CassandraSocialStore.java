package io.parley.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.storage.Contact;
import io.parley.storage.GroupRecord;
import io.parley.storage.Relation;
import io.parley.storage.SocialStore;
import io.parley.util.KeyedTurns;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The shared {@link SocialStore}. A group is one row whose members list and owner change only by a lightweight
 * transaction on its {@code version} column: a change reads the row, computes the new one, and writes it
 * {@code IF version = } the version it read, retrying from a fresh read when another change won. So the bound of
 * {@link #addMember} and the owner hand-over of {@link #removeMember} hold for any number of nodes. The
 * {@code user_groups} index follows the transaction (docs/DESIGN.md, "Cassandra"). Friendships, requests and blocks
 * are {@link CassandraRelations}'.
 */
final class CassandraSocialStore implements SocialStore {
  /** Each lost race means another node changed the group; this many in a row means it is unusable. */
  private static final int MAX_ATTEMPTS = 64;
  private static final String GROUP_COLUMNS = "group_id, name, owner_id, created_at, members, version";

  private final Cql cql;
  private final PreparedStatement friends;
  private final PreparedStatement putGroup;
  private final PreparedStatement group;
  private final PreparedStatement changeGroup;
  private final PreparedStatement listGroup;
  private final PreparedStatement unlistGroup;
  private final PreparedStatement groupsOf;
  private final KeyedTurns turns = new KeyedTurns();
  private final CassandraRelations relations;

  private CassandraSocialStore(Cql cql, CassandraRelations relations, List<PreparedStatement> statements) {
    this.cql = cql;
    this.relations = relations;
    this.friends = statements.get(0);
    this.putGroup = statements.get(1);
    this.group = statements.get(2);
    this.changeGroup = statements.get(3);
    this.listGroup = statements.get(4);
    this.unlistGroup = statements.get(5);
    this.groupsOf = statements.get(6);
  }

  static Future<CassandraSocialStore> prepare(Cql cql, String ks) {
    return CassandraRelations.prepare(cql, ks).compose(relations -> Statements.prepare(cql, List.of(
        "SELECT friend_id FROM " + ks + ".friends WHERE user_id = ?",
        "INSERT INTO " + ks + ".groups (" + GROUP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, 0)",
        "SELECT " + GROUP_COLUMNS + " FROM " + ks + ".groups WHERE group_id = ?",
        "UPDATE " + ks + ".groups SET name = ?, owner_id = ?, members = ?, version = ? WHERE group_id = ? "
            + "IF version = ?",
        "INSERT INTO " + ks + ".user_groups (user_id, group_id) VALUES (?, ?)",
        "DELETE FROM " + ks + ".user_groups WHERE user_id = ? AND group_id = ?",
        "SELECT group_id FROM " + ks + ".user_groups WHERE user_id = ?"))
        .map(statements -> new CassandraSocialStore(cql, relations, statements)));
  }

  @Override
  public Future<Relation> changeRelation(String userId, String otherId, long now, UnaryOperator<Relation> change) {
    return relations.change(userId, otherId, now, change);
  }

  @Override
  public Future<Relation> relation(String userId, String otherId) {
    return relations.read(userId, otherId);
  }

  @Override
  public Future<Boolean> blocked(String userId, String otherId) {
    return relations.blocked(userId, otherId);
  }

  @Override
  public Future<List<Contact>> contacts(String userId) {
    return relations.contacts(userId);
  }

  /** A user's friends are one partition, bounded by how many friends one person has. */
  @Override
  public Future<List<String>> friends(String userId) {
    return cql.all(friends.bind(userId)).map(rows -> rows.stream().map(row -> row.getString("friend_id")).toList());
  }

  /** The group row first, then each member's index row: a member is never listed in a group that does not exist. */
  @Override
  public Future<GroupRecord> createGroup(GroupRecord group) {
    GroupRecord distinct = new GroupRecord(group.id(), group.name(), group.ownerId(), group.createdAt(),
        List.copyOf(new LinkedHashSet<>(group.members())));
    return cql.execute(putGroup.bind(distinct.id(), distinct.name(), distinct.ownerId(), distinct.createdAt(),
            distinct.members()))
        .compose(written -> Future.all(distinct.members().stream()
            .map(member -> cql.execute(listGroup.bind(member, distinct.id()))).toList()))
        .map(listed -> distinct);
  }

  @Override
  public Future<GroupRecord> group(String groupId) {
    return read(groupId).map(found -> found == null ? null : found.group());
  }

  @Override
  public Future<List<String>> groupsOf(String userId) {
    return cql.all(groupsOf.bind(userId)).map(rows -> rows.stream().map(row -> row.getString("group_id")).toList());
  }

  /** A member's index row is written after the transaction, and again on a re-add, which repairs a lost one. */
  @Override
  public Future<GroupRecord> addMember(String groupId, String userId, int maxMembers) {
    return change(groupId, group -> {
      if (group.members().contains(userId) || group.members().size() >= maxMembers) {
        return group;
      }
      List<String> members = new ArrayList<>(group.members());
      members.add(userId);
      return withMembers(group, group.ownerId(), members);
    }).compose(after -> after.members().contains(userId)
        ? cql.execute(listGroup.bind(userId, groupId)).map(listed -> after)
        : Future.succeededFuture(after));
  }

  /** The index row goes after the transaction, also for a non-member, which repairs a stale one. */
  @Override
  public Future<GroupRecord> removeMember(String groupId, String userId) {
    return change(groupId, group -> {
      if (!group.members().contains(userId)) {
        return group;
      }
      List<String> members = new ArrayList<>(group.members());
      members.remove(userId);
      // an owner who leaves hands the group to the longest-standing member, so someone can still manage it
      String owner = userId.equals(group.ownerId()) && !members.isEmpty() ? members.get(0) : group.ownerId();
      return withMembers(group, owner, members);
    }).compose(after -> cql.execute(unlistGroup.bind(userId, groupId)).map(unlisted -> after));
  }

  @Override
  public Future<GroupRecord> renameGroup(String groupId, String name) {
    return change(groupId, group -> group.name().equals(name) ? group : group.withName(name));
  }

  private static GroupRecord withMembers(GroupRecord group, String ownerId, List<String> members) {
    return new GroupRecord(group.id(), group.name(), ownerId, group.createdAt(), List.copyOf(members));
  }

  /** Applies {@code change} (which returns its argument for no change) after this node's changes before it. */
  private Future<GroupRecord> change(String groupId, UnaryOperator<GroupRecord> change) {
    return turns.inTurn(groupId, () -> attempt(groupId, change, 1));
  }

  private Future<GroupRecord> attempt(String groupId, UnaryOperator<GroupRecord> change, int attempt) {
    return read(groupId).compose(current -> {
      if (current == null) {
        return Future.failedFuture(new ChatException(Failure.NOT_FOUND, "no group " + groupId));
      }
      GroupRecord changed = change.apply(current.group());
      if (changed == current.group()) {
        return Future.succeededFuture(changed);
      }
      return cql.execute(changeGroup.bind(changed.name(), changed.ownerId(), changed.members(), current.version() + 1,
          groupId, current.version())).compose(written -> {
            if (written.wasApplied()) {
              return Future.succeededFuture(changed);
            }
            if (attempt == MAX_ATTEMPTS) {
              return Future.failedFuture(new ChatException(Failure.UNAVAILABLE, "group " + groupId + " too contended"));
            }
            return attempt(groupId, change, attempt + 1);
          });
    });
  }

  private Future<Versioned> read(String groupId) {
    return cql.page(group.bind(groupId), 1).map(rows -> rows.isEmpty() ? null : versioned(rows.get(0)));
  }

  private static Versioned versioned(Row row) {
    return new Versioned(new GroupRecord(row.getString("group_id"), row.getString("name"), row.getString("owner_id"),
        row.getLong("created_at"), List.copyOf(row.getList("members", String.class))), row.getLong("version"));
  }

  /** A group row and the version a change conditions on. */
  private record Versioned(GroupRecord group, long version) {
  }
}
