package io.parley.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.parley.bus.ChatException;
import io.parley.bus.Failure;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a JSON object with a streaming parser that refuses more object fields or deeper nesting than any request
 * has as it reads, so a hostile document is never built: 16,384 keys sharing one hash code (528 KB) took about 950 ms
 * to decode cold, and a burst of such frames stalls an event loop. Decoding stops at the first field past the bound,
 * and checking costs no second pass over the text, which a 100 KB message would otherwise be read twice for.
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
   * Decodes {@code text} as one JSON object within the bounds, in the same single pass that checks them:
   * {@code INVALID_JSON} if it is not a JSON object, {@code INVALID} if it has more than {@code maxFields} fields in
   * all or nests objects and arrays deeper than {@code maxDepth} (the top object is depth 1). Values come out as
   * Vert.x's own decoding gives them (maps, lists, Integer/Long/BigInteger, Double).
   */
  public JsonObject decode(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notAnObject();
      }
      JsonObject object = new JsonObject(readObject(parser, new int[1], 1));
      if (parser.nextToken() != null) {
        throw notAnObject();
      }
      return object;
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

  /** Reads from just after an object's start to just after its end; {@code fields} counts across the document. */
  private Map<String, Object> readObject(JsonParser parser, int[] fields, int depth) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      if (token != JsonToken.FIELD_NAME) {
        throw notAnObject();
      }
      if (++fields[0] > maxFields) {
        throw Fields.invalid(what + " has more than " + maxFields + " fields");
      }
      String name = parser.currentName();
      object.put(name, readValue(parser, parser.nextToken(), fields, depth));
    }
    return object;
  }

  private Object readValue(JsonParser parser, JsonToken token, int[] fields, int depth) throws IOException {
    if (token == null) {
      throw notAnObject();
    }
    return switch (token) {
      case START_OBJECT -> readObject(parser, fields, nested(depth));
      case START_ARRAY -> readArray(parser, fields, nested(depth));
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw notAnObject();
    };
  }

  private List<Object> readArray(JsonParser parser, int[] fields, int depth) throws IOException {
    List<Object> array = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      array.add(readValue(parser, token, fields, depth));
    }
    return array;
  }

  /** The depth of a value nested one level below {@code depth}, refused past the bound. */
  private int nested(int depth) {
    if (depth + 1 > maxDepth) {
      throw Fields.invalid(maxDepth == 1 ? what + " has a field that is an object or array"
          : what + " nests objects or arrays deeper than " + maxDepth + " levels");
    }
    return depth + 1;
  }

  private ChatException notAnObject() {
    return new ChatException(Failure.INVALID_JSON, what + " is not a JSON object");
  }
}
