package io.parley.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;

import java.io.IOException;

/**
 * Refuses a JSON document with more object fields or deeper nesting than any request has, by a streaming scan that
 * builds nothing, before the document is decoded into maps: 16,384 keys sharing one hash code (528 KB) took about
 * 950 ms to decode cold, and a burst of such frames stalls an event loop. The scan stops at the first field past the
 * bound, and skips string values without decoding them, so it costs little more than reading the bytes.
 */
public final class JsonBounds {
  /** Client frames: a handful of scalar fields, none an object or array. */
  public static final JsonBounds FRAME = new JsonBounds("frame", 16, 1);
  /** HTTP bodies: a few fields, of which one may be an array of ids (a group's members). */
  public static final JsonBounds HTTP_BODY = new JsonBounds("body", 32, 2);

  // field names are not interned: the scan reads at most a bound's worth, and none needs to outlive it
  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

  private final String what;
  private final int maxFields;
  private final int maxDepth;

  /** Bounds for documents called {@code what} in error messages ("frame", "body"). */
  public JsonBounds(String what, int maxFields, int maxDepth) {
    this.what = what;
    this.maxFields = maxFields;
    this.maxDepth = maxDepth;
  }

  /**
   * Checks that {@code text} is one JSON object within the bounds: {@code INVALID_JSON} if it is not a JSON object,
   * {@code INVALID} if it has more than {@code maxFields} fields in all or nests objects and arrays deeper than
   * {@code maxDepth} (the top object is depth 1).
   */
  public void check(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notAnObject();
      }
      scanObject(parser);
      if (parser.nextToken() != null) {
        throw notAnObject();
      }
    } catch (IOException e) {
      throw notAnObject();
    }
  }

  /**
   * The string value of the top object's field {@code name}, looked for among its first {@code maxFields} fields
   * (objects and arrays skipped unbuilt), or null: so a refusal can still name the request's {@code ref}.
   */
  public String topLevelString(String text, String name) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (int fields = 0; fields < maxFields && parser.nextToken() == JsonToken.FIELD_NAME; fields++) {
        boolean wanted = name.equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (wanted && value == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Scans from just after the top object's start to just after its end. */
  private void scanObject(JsonParser parser) throws IOException {
    int fields = 0;
    int depth = 1;
    while (depth > 0) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw notAnObject();
      }
      switch (token) {
        case FIELD_NAME -> {
          if (++fields > maxFields) {
            throw Fields.invalid(what + " has more than " + maxFields + " fields");
          }
        }
        case START_OBJECT, START_ARRAY -> {
          if (++depth > maxDepth) {
            throw Fields.invalid(maxDepth == 1 ? what + " has a field that is an object or array"
                : what + " nests objects or arrays deeper than " + maxDepth + " levels");
          }
        }
        case END_OBJECT, END_ARRAY -> depth--;
        default -> {
        }
      }
    }
  }

  private ChatException notAnObject() {
    return new ChatException(Failure.INVALID_JSON, what + " is not a JSON object");
  }
}
