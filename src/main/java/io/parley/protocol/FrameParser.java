package io.parley.protocol;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.vertx.core.json.JsonObject;

/** Parses client frames, checking field presence and types; content rules (text length...) are routing's. */
public final class FrameParser {
  private static final int MAX_REF = 64;
  private static final int DEFAULT_SYNC_LIMIT = 100;

  private final int syncPageMax;

  public FrameParser(int syncPageMax) {
    this.syncPageMax = syncPageMax;
  }

  /** The frame in {@code text}; throws {@link FrameException} for anything a client must be told about. */
  public ClientFrame parse(String text) {
    JsonObject json;
    try {
      json = JsonBounds.FRAME.decode(text);
    } catch (ChatException e) {
      throw new FrameException(e.failure(), e.getMessage(), boundedRef(text),
          JsonBounds.FRAME.topLevelString(text, "clientMessageId"));
    }
    String ref = null;
    String clientMessageId = null;
    try {
      ref = Fields.optionalString(json, "ref", 0, MAX_REF);
      clientMessageId = json.getValue("clientMessageId") instanceof String id ? id : null;
      return parse(json, ref);
    } catch (ChatException e) {
      throw new FrameException(e.failure(), e.getMessage(), ref, clientMessageId);
    }
  }

  /** The ref of a frame refused by its bounds, if one of its first fields is a usable ref. */
  private static String boundedRef(String text) {
    String ref = JsonBounds.FRAME.topLevelString(text, "ref");
    return ref == null || ref.length() > MAX_REF ? null : ref;
  }

  private ClientFrame parse(JsonObject json, String ref) {
    Object type = json.getValue("type");
    if (!(type instanceof String)) {
      throw Fields.invalid("type is required");
    }
    return switch ((String) type) {
      case "heartbeat" -> new ClientFrame.Heartbeat(ref);
      case "send" -> new ClientFrame.Send(ref,
          Fields.string(json, "clientMessageId", 1, Limits.MAX_CLIENT_MESSAGE_ID),
          Fields.optionalString(json, "toUser", 1, 64),
          Fields.optionalString(json, "toGroup", 1, 64),
          Fields.string(json, "text", 0, Integer.MAX_VALUE));
      case "sync" -> new ClientFrame.Sync(ref,
          Fields.integer(json, "after", 0, Long.MAX_VALUE, 0),
          (int) Fields.integer(json, "limit", 1, syncPageMax, Math.min(DEFAULT_SYNC_LIMIT, syncPageMax)));
      case "read" -> new ClientFrame.Read(ref, conversationId(json), Fields.id(json, "messageId"));
      case "typing" -> new ClientFrame.Typing(ref, conversationId(json));
      default -> throw new ChatException(Failure.UNKNOWN_TYPE, "unknown frame type: " + type);
    };
  }

  static String conversationId(JsonObject json) {
    return Fields.conversationId(Fields.string(json, "conversationId", 1, 128), "conversationId");
  }
}
