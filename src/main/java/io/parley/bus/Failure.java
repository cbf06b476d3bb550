package io.parley.bus;

/**
 * Failure codes carried by {@code Message.fail(code, text)} between verticles. Each maps to one protocol error code
 * and HTTP status, so the gateway can answer clients without parsing texts.
 */
public enum Failure {
  INVALID(1, "INVALID", 400),
  INVALID_JSON(12, "INVALID_JSON", 400),
  BINARY_NOT_SUPPORTED(13, "BINARY_NOT_SUPPORTED", 400),
  UNKNOWN_TYPE(14, "UNKNOWN_TYPE", 400),
  BODY_TOO_LARGE(15, "BODY_TOO_LARGE", 413),
  TEXT_TOO_LONG(2, "TEXT_TOO_LONG", 400),
  UNAUTHORIZED(3, "UNAUTHORIZED", 401),
  NOT_MEMBER(4, "NOT_MEMBER", 403),
  FORBIDDEN(5, "FORBIDDEN", 403),
  NOT_FOUND(6, "NOT_FOUND", 404),
  METHOD_NOT_ALLOWED(16, "METHOD_NOT_ALLOWED", 405),
  USERNAME_TAKEN(7, "USERNAME_TAKEN", 409),
  GROUP_FULL(8, "GROUP_FULL", 409),
  ALREADY_FRIENDS(18, "ALREADY_FRIENDS", 409),
  ALREADY_REQUESTED(19, "ALREADY_REQUESTED", 409),
  REQUEST_NOT_FOUND(20, "REQUEST_NOT_FOUND", 404),
  REFUSED(21, "REFUSED", 403),
  WRONG_PASSWORD(40, "WRONG_PASSWORD", 403),
  TOO_MANY_DEVICES(17, "TOO_MANY_DEVICES", 409),
  RATE_LIMITED(9, "RATE_LIMITED", 429),
  UNAVAILABLE(10, "UNAVAILABLE", 503),
  INTERNAL(11, "INTERNAL", 500);

  private final int code;
  private final String protocolCode;
  private final int httpStatus;

  Failure(int code, String protocolCode, int httpStatus) {
    this.code = code;
    this.protocolCode = protocolCode;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  /** The {@code code} string clients see in error bodies and frames. */
  public String protocolCode() {
    return protocolCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The failure for a bus failure code; unknown codes are internal errors. */
  public static Failure ofCode(int code) {
    for (Failure failure : values()) {
      if (failure.code == code) {
        return failure;
      }
    }
    return INTERNAL;
  }
}
