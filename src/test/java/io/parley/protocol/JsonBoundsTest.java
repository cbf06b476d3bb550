package io.parley.protocol;

import io.parley.bus.ChatException;
import io.parley.bus.Failure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("JsonBounds: a streaming scan refuses too many fields or too deep nesting before anything is built")
class JsonBoundsTest {
  private final JsonBounds bounds = new JsonBounds("doc", 3, 2);

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{}", "{\"a\":1,\"b\":\"x\",\"c\":null}", "{\"a\":[1,2,3],\"b\":[]}",
      "{\"a\":\"{\\\"x\\\":{\\\"y\\\":1},\\\"z\\\":2,\\\"w\\\":3}\"}", " {\"a\":true} "})
  @DisplayName("within the bounds: passes (a string that looks like JSON is only a string)")
  void withinBounds(String text) {
    assertThatCode(() -> bounds.decode(text)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"a\":1,\"b\":2,\"c\":3,\"d\":4}", "{\"a\":[{\"b\":1}]}", "{\"a\":[[1]]}",
      "{\"a\":{\"b\":1,\"c\":2,\"d\":3}}", "{\"a\":1,\"b\":{},\"c\":2,\"d\":3}"})
  @DisplayName("past the field count (nested fields included) or the depth: INVALID naming the bound")
  void pastBounds(String text) {
    ChatException refused = catchThrowableOfType(ChatException.class, () -> bounds.decode(text));
    assertThat(refused.failure()).isEqualTo(Failure.INVALID);
    assertThat(refused.getMessage()).startsWith("doc ").containsAnyOf("3 fields", "2 levels");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "[1]", "42", "\"s\"", "{\"a\":", "{\"a\":1} {\"b\":2}", "{\"a\":1}]", "nope"})
  @DisplayName("not one JSON object: INVALID_JSON")
  void notAnObject(String text) {
    ChatException refused = catchThrowableOfType(ChatException.class, () -> bounds.decode(text));
    assertThat(refused.failure()).isEqualTo(Failure.INVALID_JSON);
  }

  @Test
  @DisplayName("a top-level string is found among the first fields, past objects and arrays, never inside them")
  void topLevelString() {
    assertThat(bounds.topLevelString("{\"a\":{\"ref\":\"inner\"},\"b\":[[1]],\"ref\":\"r1\"}", "ref"))
        .isEqualTo("r1");
    assertThat(bounds.topLevelString("{\"a\":1,\"b\":2,\"c\":3,\"ref\":\"fourth\"}", "ref")).isNull();
    assertThat(bounds.topLevelString("{\"ref\":5}", "ref")).isNull();
    assertThat(bounds.topLevelString("{\"ref\":", "ref")).isNull();
  }

  @Test
  @DisplayName("the scan stops at the first field past the bound: what follows is never read")
  void stopsAtTheBound() {
    String text = "{\"a\":1,\"b\":2,\"c\":3,\"d\":4," + "this is not JSON".repeat(1000);
    assertThat(catchThrowableOfType(ChatException.class, () -> bounds.decode(text)).failure())
        .isEqualTo(Failure.INVALID);
  }

  @Test
  @DisplayName("the frame bounds: 16 scalar fields pass, a 17th or any object or array field is INVALID")
  void frameBounds() {
    StringBuilder sixteen = new StringBuilder("{\"type\":\"sync\"");
    for (int i = 1; i < 16; i++) {
      sixteen.append(",\"f").append(i).append("\":").append(i);
    }
    assertThatCode(() -> JsonBounds.FRAME.decode(sixteen + "}")).doesNotThrowAnyException();
    for (String tooMuch : new String[] {sixteen + ",\"f16\":16}", "{\"type\":\"sync\",\"a\":[]}", "{\"a\":{}}"}) {
      assertThat(catchThrowableOfType(ChatException.class, () -> JsonBounds.FRAME.decode(tooMuch)).failure())
          .as(tooMuch).isEqualTo(Failure.INVALID);
    }
  }

  @Test
  @DisplayName("the HTTP body bounds hold a group of 100 member ids")
  void httpBodyBounds() {
    String members = "\"0123456789abcdef\",".repeat(99) + "\"0123456789abcdef\"";
    assertThatCode(() -> JsonBounds.HTTP_BODY.decode("{\"name\":\"g\",\"members\":[" + members + "]}"))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("within the bounds, decoding gives what Vert.x's own decoding gives")
  void decodesAsVertx() {
    String text = "{\"type\":\"send\",\"n\":7,\"big\":12345678901,\"huge\":123456789012345678901234,"
        + "\"x\":1.5,\"t\":true,\"f\":false,\"none\":null,\"text\":\"h\\u00e9 \\ud83d\\ude00\","
        + "\"members\":[\"a\",2,{\"k\":\"v\"}],\"n\":8}";
    JsonBounds bounds = new JsonBounds("body", 32, 3);
    assertThat(bounds.decode(text)).isEqualTo(new JsonObject(text));
    assertThat(bounds.decode(text).getValue("huge")).isEqualTo(new JsonObject(text).getValue("huge"));
    assertThat(bounds.decode(text).getJsonArray("members").getJsonObject(2).getString("k")).isEqualTo("v");
  }
}
