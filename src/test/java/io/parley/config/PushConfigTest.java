package io.parley.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.parley.config.ConfigValidationTest.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushConfigTest {

  @Test
  @DisplayName("the push keys parse with their defaults, and a VAPID pair set in full is taken")
  void defaultsParse() throws Exception {
    PushConfig push = ChatConfig.from(defaults()).push();
    assertThat(push.maxQueued()).isEqualTo(20_000);
    assertThat(push.webPush().enabled()).isTrue();
    assertThat(push.webPush().vapidPublicKey()).isEmpty();
    assertThat(push.webPush().allowHttpEndpoints()).isFalse();

    JsonObject tree = defaults();
    tree.getJsonObject("push").put("webPushVapidPublicKey", "pub").put("webPushVapidPrivateKey", "priv");
    assertThat(ChatConfig.from(tree).push().webPush().vapidPrivateKey()).isEqualTo("priv");
  }

  @Test
  @DisplayName("one VAPID key without the other, a subject that is no contact, or a backoff ceiling below its base fail")
  void badValues() throws Exception {
    JsonObject halfPair = defaults();
    halfPair.getJsonObject("push").put("webPushVapidPublicKey", "pub");
    assertThatThrownBy(() -> ChatConfig.from(halfPair)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.webPushVapidPrivateKey");

    JsonObject subject = defaults();
    subject.getJsonObject("push").put("webPushSubject", "admin@example.com");
    assertThatThrownBy(() -> ChatConfig.from(subject)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.webPushSubject");

    JsonObject backoff = defaults();
    backoff.getJsonObject("push").put("retryBaseMillis", 5000).put("retryMaxMillis", 1000);
    assertThatThrownBy(() -> ChatConfig.from(backoff)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.retryMaxMillis");
  }
}
