package io.parley.storage;

/**
 * One entry of a user's listings other than friends: a friend request they sent or received, or a user they block.
 *
 * @param userId the other user
 * @param at     when the request was made (epoch millis); 0 for a block
 */
public record Contact(String userId, Kind kind, long at) {

  /** What the entry is, seen from the user whose listing holds it. */
  public enum Kind {
    INCOMING, OUTGOING, BLOCKED
  }
}
