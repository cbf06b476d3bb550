package io.parley.bus;

/** A failure with a {@link Failure} reason, thrown by stores and services and sent over the bus as its code. */
public final class ChatException extends RuntimeException {
  private final Failure failure;

  public ChatException(Failure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
