package io.parley.e2e.support;

import io.parley.push.apns.ApnsServer;
import io.parley.push.fcm.FcmServer;
import io.parley.push.webpush.P256;
import io.parley.push.webpush.WebPushServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;

/**
 * The three push services stood in for, once per test class: a Web Push service, an FCM token and send endpoint,
 * and an HTTP/2 APNs, on a Vert.x of their own; {@link #configure} points a node's config at them.
 */
public final class PushServices implements BeforeAllCallback, AfterAllCallback {
  private Vertx vertx;
  private Path dir;
  private KeyPair apnsKey;
  private WebPushServer webPush;
  private FcmServer fcm;
  private ApnsServer apns;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    vertx = Vertx.vertx();
    dir = TempDirs.create("parley-push-services");
    apnsKey = P256.generate();
    webPush = await(new WebPushServer(vertx).start());
    fcm = await(new FcmServer(vertx).start());
    apns = await(new ApnsServer(vertx, apnsKey).start());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    await(vertx.close());
    TempDirs.deleteQuietly(dir);
  }

  /** Every provider enabled and pointed at the stand-ins. */
  public TestConfig configure(TestConfig config) {
    try {
      return config.set("push.webPushAllowHttpEndpoints", true).set("push.collapseMillis", 200)
          .set("push.fcmEnabled", true).set("push.fcmEndpoint", fcm.origin())
          .set("push.fcmServiceAccountFile", fcm.writeServiceAccount(dir).toString())
          .set("push.apnsEnabled", true).set("push.apnsEndpoint", apns.origin()).set("push.apnsCaFile", apns.caFile())
          .set("push.apnsKeyFile", ApnsServer.writeKey(apnsKey, dir).toString())
          .set("push.apnsKeyId", ApnsServer.KEY_ID).set("push.apnsTeamId", ApnsServer.TEAM_ID)
          .set("push.apnsTopic", ApnsServer.TOPIC);
    } catch (Exception e) {
      throw new IllegalStateException("push stand-ins not configurable", e);
    }
  }

  public WebPushServer webPush() {
    return webPush;
  }

  public FcmServer fcm() {
    return fcm;
  }

  public ApnsServer apns() {
    return apns;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
