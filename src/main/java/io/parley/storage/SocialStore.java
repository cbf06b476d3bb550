package io.parley.storage;

import io.vertx.core.Future;

import java.util.List;

/**
 * Friendships and groups. Every implementation passes {@code SocialStoreContract}. A store knows no protocol limit:
 * the storage handlers enforce the group size, and the store offers the atomic step they need for it.
 */
public interface SocialStore {

  /** Makes two users friends of each other; adding an existing friend changes nothing. */
  Future<Void> addFriend(String userId, String friendId);

  /** Ends a friendship on both sides; removing a non-friend changes nothing. */
  Future<Void> removeFriend(String userId, String friendId);

  /** Ids of a user's friends. */
  Future<List<String>> friends(String userId);

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

  /**
   * Removes a member; fails with {@code NOT_FOUND} for an unknown group. When the owner leaves, the member who joined
   * earliest among those left becomes the owner, in the same atomic step as the removal.
   */
  Future<GroupRecord> removeMember(String groupId, String userId);
}
