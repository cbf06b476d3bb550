package io.parley.routing;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.bus.SendRequest;
import io.parley.model.ConversationId;
import io.parley.protocol.Fields;
import io.parley.protocol.Limits;

/** What makes a message acceptable, whichever transport brought it. */
final class MessageRules {
  private MessageRules() {
  }

  /** The conversation a valid send goes to; throws {@link ChatException} when it is not valid. */
  static ConversationId check(SendRequest send) {
    String text = send.text();
    if (text == null || text.isEmpty()) {
      throw new ChatException(Failure.INVALID, "text must not be empty");
    }
    // length() counts UTF-16 units, never fewer than code points, so only long texts need the exact count
    if (text.length() >= Limits.MAX_TEXT_CODE_POINTS
        && text.codePointCount(0, text.length()) >= Limits.MAX_TEXT_CODE_POINTS) {
      throw new ChatException(Failure.TEXT_TOO_LONG,
          "text must be shorter than " + Limits.MAX_TEXT_CODE_POINTS + " characters");
    }
    String clientMessageId = send.clientMessageId();
    if (clientMessageId == null || clientMessageId.isEmpty()
        || clientMessageId.length() > Limits.MAX_CLIENT_MESSAGE_ID) {
      throw new ChatException(Failure.INVALID, "clientMessageId must be 1 to 64 characters");
    }
    if ((send.toUser() == null) == (send.toGroup() == null)) {
      throw new ChatException(Failure.INVALID, "exactly one of toUser and toGroup is required");
    }
    String target = send.toGroup() != null ? Fields.id(send.toGroup(), "toGroup") : Fields.id(send.toUser(), "toUser");
    if (send.toGroup() != null) {
      return ConversationId.group(target);
    }
    if (target.equals(send.senderId())) {
      throw new ChatException(Failure.INVALID, "cannot send to yourself");
    }
    return ConversationId.direct(send.senderId(), target);
  }
}
