package io.parley.storage;

import io.vertx.core.Future;

import java.util.List;

/** Friendships and groups. Every implementation passes {@code SocialStoreContract}. */
public interface SocialStore {

  /** Makes two users friends of each other; adding an existing friend changes nothing. */
  Future<Void> addFriend(String userId, String friendId);

  /** Ends a friendship on both sides; removing a non-friend changes nothing. */
  Future<Void> removeFriend(String userId, String friendId);

  /** Ids of a user's friends. */
  Future<List<String>> friends(String userId);

  /** Creates a group; fails with {@code GROUP_FULL} beyond the member limit. */
  Future<GroupRecord> createGroup(GroupRecord group);

  /** The group with its members, or null. */
  Future<GroupRecord> group(String groupId);

  /** Ids of the groups a user is a member of. */
  Future<List<String>> groupsOf(String userId);

  /**
   * Adds a member; adding a member twice changes nothing. Fails with {@code NOT_FOUND} for an unknown group and
   * {@code GROUP_FULL} when the group already has the maximum number of members.
   */
  Future<GroupRecord> addMember(String groupId, String userId);

  /**
   * Removes a member; fails with {@code NOT_FOUND} for an unknown group. When the owner leaves, the member who joined
   * earliest among those left becomes the owner.
   */
  Future<GroupRecord> removeMember(String groupId, String userId);
}
