package io.parley.storage;

import io.vertx.core.Future;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Friendships, friend requests, blocks and groups. Every implementation passes {@code SocialStoreContract}. A store knows no protocol limit:
 * the storage handlers enforce the group size, and the store offers the atomic step they need for it.
 */
public interface SocialStore {

  /**
   * Changes where two users stand with each other in one atomic step: {@code change} gets the pair's current
   * {@link Relation} ({@link Relation#NONE} for a pair never seen) and returns the next, which the store writes
   * together with both users' listings ({@link #friends}, {@link #contacts}). A change that throws a
   * {@code ChatException} fails the future with it and writes nothing; one that returns an equal relation writes
   * nothing new. Changes of one pair from any number of callers or nodes at once apply one after the other, each
   * seeing the one before (the embedded store runs each in one task of its single writer; a Cassandra store in a
   * lightweight transaction, retried from a fresh read when another change won), so {@code change} may run more than
   * once and must not have side effects.
   *
   * @param now epoch millis of the change, which orders the listings' writes on a shared store
   * @return the relation afterwards
   */
  Future<Relation> changeRelation(String userId, String otherId, long now, UnaryOperator<Relation> change);

  /** Where two users stand, {@link Relation#NONE} if nowhere; the same whichever of them is named first. */
  Future<Relation> relation(String userId, String otherId);

  /** Whether either of two users blocks the other: what a 1:1 send checks. */
  default Future<Boolean> blocked(String userId, String otherId) {
    return relation(userId, otherId).map(Relation::blocked);
  }

  /** Ids of a user's friends: the users whose relation with them is {@code friends}. */
  Future<List<String>> friends(String userId);

  /** A user's pending requests, both ways, and the users they block, in no particular order. */
  Future<List<Contact>> contacts(String userId);

  /** Creates a group with the given members, each once, in the order given; the caller checks how many there are. */
  Future<GroupRecord> createGroup(GroupRecord group);

  /** The group with its members, or null. */
  Future<GroupRecord> group(String groupId);

  /** Ids of the groups a user is a member of. */
  Future<List<String>> groupsOf(String userId);

  /**
   * Adds {@code userId} to a group that has fewer than {@code maxMembers} members, checking the size and adding in
   * one atomic step, so adds from several callers or nodes at once never take the group past {@code maxMembers}.
   * The embedded store does both in one task of its single writer; a Cassandra store does them in one lightweight
   * transaction (a conditional update on the member count it read, retried when another add won). Adding a member
   * twice changes nothing, even to a full group.
   *
   * @return the group as it is afterwards: it lacks {@code userId} exactly when the group was full
   *     ({@code NOT_FOUND} for an unknown group)
   */
  Future<GroupRecord> addMember(String groupId, String userId, int maxMembers);

  /** Renames a group; fails with {@code NOT_FOUND} for an unknown group. Returns the group afterwards. */
  Future<GroupRecord> renameGroup(String groupId, String name);

  /**
   * Removes a member; fails with {@code NOT_FOUND} for an unknown group. When the owner leaves, the member who joined
   * earliest among those left becomes the owner, in the same atomic step as the removal.
   */
  Future<GroupRecord> removeMember(String groupId, String userId);
}
