package io.parley.model;

/**
 * A conversation: {@code dm:<low user id>:<high user id>} between two users, or {@code group:<group id>}.
 * Both members of a direct conversation compute the same id.
 */
public record ConversationId(String value, String groupId, String userA, String userB) {

  public static ConversationId direct(String oneUser, String otherUser) {
    String low = oneUser.compareTo(otherUser) <= 0 ? oneUser : otherUser;
    String high = low.equals(oneUser) ? otherUser : oneUser;
    return new ConversationId("dm:" + low + ":" + high, null, low, high);
  }

  public static ConversationId group(String groupId) {
    return new ConversationId("group:" + groupId, groupId, null, null);
  }

  /** Parses a conversation id; returns null when it is malformed. */
  public static ConversationId parse(String value) {
    if (value == null) {
      return null;
    }
    if (value.startsWith("group:") && Ids.isId(value.substring(6))) {
      return group(value.substring(6));
    }
    String[] parts = value.split(":", -1);
    if (parts.length == 3 && parts[0].equals("dm") && Ids.isId(parts[1]) && Ids.isId(parts[2])
        && parts[1].compareTo(parts[2]) < 0) {
      return direct(parts[1], parts[2]);
    }
    return null;
  }

  public boolean isGroup() {
    return groupId != null;
  }

  /** The other member of a direct conversation, or null if {@code userId} is not one of its two members. */
  public String peerOf(String userId) {
    if (userId.equals(userA)) {
      return userB;
    }
    return userId.equals(userB) ? userA : null;
  }

  @Override
  public String toString() {
    return value;
  }
}
