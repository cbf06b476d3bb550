package io.parley.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.parley.config.ConfigValidationTest.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The presence.redis* keys: their defaults, one environment variable each, and a bad URL refused by name. */
class RedisPresenceConfigTest {

  private static ChatConfig parse(Map<String, String> env) throws Exception {
    return ChatConfig.from(new ConfigSources(defaults(), new JsonObject(), env, Map.of()));
  }

  @Test
  @DisplayName("the defaults name a local Redis, a 1 s command timeout and 1000 users per expiry pass")
  void defaultsParse() throws Exception {
    assertThat(parse(Map.of()).presence().redis())
        .isEqualTo(new RedisPresenceConfig("redis://127.0.0.1:6379", 1_000, 1_000));
  }

  @Test
  @DisplayName("PARLEY_PRESENCE_REDIS_URL and its siblings set the keys")
  void environment() throws Exception {
    RedisPresenceConfig redis = parse(Map.of("PARLEY_PRESENCE_REDIS_URL", "rediss://:secret@cache.internal:6380/2",
        "PARLEY_PRESENCE_REDIS_COMMAND_TIMEOUT_MILLIS", "250", "PARLEY_PRESENCE_REDIS_EXPIRE_BATCH", "50"))
        .presence().redis();
    assertThat(redis).isEqualTo(new RedisPresenceConfig("rediss://:secret@cache.internal:6380/2", 250, 50));
  }

  @Test
  @DisplayName("a URL that is not redis:// or rediss:// with a host, or a timeout out of range, fails naming its key")
  void badValuesNameTheKey() {
    for (String url : new String[] {"127.0.0.1:6379", "http://127.0.0.1:6379", "redis://", "redis:// bad"}) {
      assertThatThrownBy(() -> parse(Map.of("PARLEY_PRESENCE_REDIS_URL", url)))
          .as(url).isInstanceOf(ConfigException.class).hasMessageContaining("presence.redisUrl");
    }
    assertThatThrownBy(() -> parse(Map.of("PARLEY_PRESENCE_REDIS_COMMAND_TIMEOUT_MILLIS", "5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("presence.redisCommandTimeoutMillis");
  }
}
