package io.parley.protocol;

import io.parley.bus.Failure;

/** A frame that cannot be processed; the connection answers with an error frame and stays open. */
public final class FrameException extends RuntimeException {
  private final Failure failure;
  private final String ref;
  private final String clientMessageId;

  public FrameException(Failure failure, String message, String ref, String clientMessageId) {
    super(message, null, false, false);
    this.failure = failure;
    this.ref = ref;
    this.clientMessageId = clientMessageId;
  }

  public Failure failure() {
    return failure;
  }

  public String ref() {
    return ref;
  }

  public String clientMessageId() {
    return clientMessageId;
  }
}
