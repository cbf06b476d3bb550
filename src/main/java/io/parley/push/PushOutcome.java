package io.parley.push;

/**
 * What a push service answered.
 *
 * @param kind              what the outbox does next
 * @param retryAfterMillis  for {@link Kind#RETRY}: the service's {@code Retry-After}, or -1 when it gave none
 * @param detail            the status and reason, for the log
 */
public record PushOutcome(Kind kind, long retryAfterMillis, String detail) {

  public enum Kind {
    /** Accepted (Web Push 201, FCM 200, APNs 200): the notifications are removed from the outbox. */
    ACCEPTED,
    /** The token or subscription is gone (404/410, FCM UNREGISTERED, APNs Unregistered...): the device goes. */
    GONE,
    /** 429, 5xx, a timeout or no connection: tried again later, until the notification's maximum age. */
    RETRY,
    /** Refused for good (another 4xx, payload too large): removed without retrying. */
    REJECTED
  }

  public static PushOutcome accepted() {
    return new PushOutcome(Kind.ACCEPTED, -1, "accepted");
  }

  public static PushOutcome gone(String detail) {
    return new PushOutcome(Kind.GONE, -1, detail);
  }

  public static PushOutcome retry(long retryAfterMillis, String detail) {
    return new PushOutcome(Kind.RETRY, retryAfterMillis, detail);
  }

  public static PushOutcome rejected(String detail) {
    return new PushOutcome(Kind.REJECTED, -1, detail);
  }
}
