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
  @DisplayName("a half VAPID pair, a subject that is no contact, a provider missing its keys, a bad backoff fail")
  void badValues() throws Exception {
    JsonObject halfPair = defaults();
    halfPair.getJsonObject("push").put("webPushVapidPublicKey", "pub");
    assertThatThrownBy(() -> ChatConfig.from(halfPair)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.webPushVapidPrivateKey");

    JsonObject subject = defaults();
    subject.getJsonObject("push").put("webPushSubject", "admin@example.com");
    assertThatThrownBy(() -> ChatConfig.from(subject)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.webPushSubject");

    JsonObject apns = defaults();
    apns.getJsonObject("push").put("apnsEnabled", true).put("apnsKeyFile", "/k.p8").put("apnsKeyId", "K")
        .put("apnsTeamId", "T");
    assertThatThrownBy(() -> ChatConfig.from(apns)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.apnsTopic");
    apns.getJsonObject("push").put("apnsTopic", "io.parley.app");
    assertThat(ChatConfig.from(apns).push().apns().topic()).isEqualTo("io.parley.app");

    JsonObject fcm = defaults();
    fcm.getJsonObject("push").put("fcmEnabled", true);
    assertThatThrownBy(() -> ChatConfig.from(fcm)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.fcmServiceAccountFile");

    JsonObject backoff = defaults();
    backoff.getJsonObject("push").put("retryBaseMillis", 5000).put("retryMaxMillis", 1000);
    assertThatThrownBy(() -> ChatConfig.from(backoff)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("push.retryMaxMillis");
  }
}
