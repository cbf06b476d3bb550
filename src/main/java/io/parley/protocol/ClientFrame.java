package io.parley.protocol;

/** A frame a client sends over its WebSocket, parsed and checked by {@link FrameParser}. */
public sealed interface ClientFrame {

  /** The client's correlation id, echoed in the answer; may be null. */
  String ref();

  record Heartbeat(String ref) implements ClientFrame {
  }

  record Send(String ref, String clientMessageId, String toUser, String toGroup, String text) implements ClientFrame {
  }

  record Sync(String ref, long after, int limit) implements ClientFrame {
  }

  record Read(String ref, String conversationId, String messageId) implements ClientFrame {
  }

  record Typing(String ref, String conversationId) implements ClientFrame {
  }
}
