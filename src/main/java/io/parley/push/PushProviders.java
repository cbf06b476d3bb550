package io.parley.push;

import io.parley.config.PushConfig;
import io.parley.push.apns.ApnsProvider;
import io.parley.push.fcm.FcmProvider;
import io.parley.push.fcm.ServiceAccount;
import io.parley.push.webpush.VapidKeys;
import io.parley.push.webpush.WebPushProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The providers the config enables; devices of any other platform wait in the outbox until their maximum age. */
final class PushProviders {
  private PushProviders() {
  }

  static Future<List<PushProvider>> open(Vertx vertx, PushConfig config, Path dataDir, Clock clock) {
    List<Future<PushProvider>> opening = new ArrayList<>();
    if (config.webPush().enabled()) {
      opening.add(vertx.executeBlocking(() -> VapidKeys.loadOrCreate(config.webPush(), dataDir))
          .map(keys -> new WebPushProvider(vertx, config.webPush(), config.requestTimeoutMillis(),
              config.ttlSeconds(), keys, clock)));
    }
    if (config.fcm().enabled()) {
      opening.add(vertx.executeBlocking(() -> ServiceAccount.load(Path.of(config.fcm().serviceAccountFile())))
          .map(account -> new FcmProvider(vertx, config.fcm(), account, config.requestTimeoutMillis(),
              config.ttlSeconds(), clock)));
    }
    if (config.apns().enabled()) {
      opening.add(vertx.executeBlocking(() -> ApnsProvider.readKey(config.apns()))
          .map(key -> new ApnsProvider(vertx, config.apns(), key, config.requestTimeoutMillis(), config.ttlSeconds(),
              clock)));
    }
    return Future.all(opening).map(all -> all.<PushProvider>list());
  }
}
