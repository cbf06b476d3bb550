package io.parley.push;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header (RFC 9110 10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {
  private static final long MAX_SECONDS = 86_400;

  private RetryAfter() {
  }

  /** The delay it asks for in milliseconds (0 for a date in the past), or -1 when absent or unreadable. */
  public static long millis(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      return value.length() > 6 ? MAX_SECONDS * 1000 : Math.min(Long.parseLong(value), MAX_SECONDS) * 1000;
    }
    try {
      long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Math.min(Math.max(0, at - clock.millis()), MAX_SECONDS * 1000);
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
