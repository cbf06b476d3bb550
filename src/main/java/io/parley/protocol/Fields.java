package io.parley.protocol;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.parley.model.ConversationId;
import io.parley.model.Ids;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/** Typed reads of request fields that fail with {@code INVALID} naming the field, for HTTP bodies and frames alike. */
public final class Fields {
  /** Usernames and device ids. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private Fields() {
  }

  /** A required string of {@code min} to {@code max} characters. */
  public static String string(JsonObject json, String key, int min, int max) {
    String value = optionalString(json, key, min, max);
    if (value == null) {
      throw invalid(key + " is required");
    }
    return value;
  }

  /** A string of {@code min} to {@code max} characters, or null when absent. */
  public static String optionalString(JsonObject json, String key, int min, int max) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw invalid(key + " must be a string");
    }
    if (text.length() < min || text.length() > max) {
      throw invalid(key + " must be " + min + " to " + max + " characters");
    }
    return text;
  }

  /** A required string matching {@code pattern}. */
  public static String matching(JsonObject json, String key, int min, int max, Pattern pattern) {
    String value = string(json, key, min, max);
    if (!pattern.matcher(value).matches()) {
      throw invalid(key + " has characters outside " + pattern.pattern());
    }
    return value;
  }

  /** An integer in [{@code min}, {@code max}], or {@code fallback} when absent. */
  public static long integer(JsonObject json, String key, long min, long max, long fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw invalid(key + " must be an integer");
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw invalid(key + " must be between " + min + " and " + max);
    }
    return number;
  }

  /** A required string field holding an id (see {@link Ids}). */
  public static String id(JsonObject json, String key) {
    return id(string(json, key, 0, Integer.MAX_VALUE), key);
  }

  /** {@code value} if it is an id (see {@link Ids}); otherwise INVALID, naming it {@code name}. */
  public static String id(String value, String name) {
    if (!Ids.isId(value)) {
      throw invalid(name + " must be an id: 16 lowercase hex digits, below 8000000000000000");
    }
    return value;
  }

  /** {@code value} if it is a conversation id (see {@link ConversationId}); otherwise INVALID. */
  public static String conversationId(String value, String name) {
    if (ConversationId.parse(value) == null) {
      throw invalid(name + " is malformed");
    }
    return value;
  }

  public static ChatException invalid(String message) {
    return new ChatException(Failure.INVALID, message);
  }
}
