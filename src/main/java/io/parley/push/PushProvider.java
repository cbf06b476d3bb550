package io.parley.push;

import io.vertx.core.Future;

/**
 * One push service (Web Push, FCM, APNs) seen from the outbox: it turns a {@link PushDelivery} into that service's
 * request and its answer into a {@link PushOutcome}. A provider never fails its future: an error or no answer is
 * {@link PushOutcome#retry}, so the outbox decides what happens next in one place.
 */
public interface PushProvider {

  /** The device platform it delivers to, as registered: {@code webpush}, {@code fcm} or {@code apns}. */
  String platform();

  Future<PushOutcome> send(PushDelivery delivery);

  /** Releases its connections. */
  Future<Void> close();
}
