package io.parley.config;

/**
 * Push notifications for users with no connected device, and the outbox that delivers them.
 *
 * @param enabled           deploy the push verticle at all
 * @param maxQueued         most notifications the outbox holds; one more drops the oldest
 * @param maxAgeSeconds     a notification its service has not accepted by then is given up
 * @param collapseMillis    how long a conversation's first notification waits for more of the same burst, which are
 *                          then sent as one
 * @param maxInFlight       most requests to push services at once
 * @param retryBaseMillis   the first retry's delay; each further one doubles it, with jitter
 * @param retryMaxMillis    the longest delay between two tries (a longer {@code Retry-After} is still honoured)
 * @param requestTimeoutMillis the longest one request to a push service (or token endpoint) may take before it is
 *                          retried
 * @param ttlSeconds        how long a push service keeps a notification for a device it cannot reach (Web Push
 *                          {@code TTL}, FCM {@code android.ttl})
 * @param webPush           the Web Push service
 * @param fcm               Firebase Cloud Messaging
 * @param apns              Apple Push Notification service
 */
public record PushConfig(boolean enabled, int maxQueued, int maxAgeSeconds, int collapseMillis, int maxInFlight,
    int retryBaseMillis, int retryMaxMillis, int requestTimeoutMillis, int recordTimeoutMillis, int ttlSeconds,
    WebPushConfig webPush, FcmConfig fcm, ApnsConfig apns) {
  static PushConfig from(ConfigReader reader) {
    PushConfig config = new PushConfig(
        reader.bool("enabled"),
        reader.integer("maxQueued", 1, 10_000_000),
        reader.integer("maxAgeSeconds", 1, 28 * 86_400),
        reader.integer("collapseMillis", 0, 60_000),
        reader.integer("maxInFlight", 1, 10_000),
        reader.integer("retryBaseMillis", 1, 3_600_000),
        reader.integer("retryMaxMillis", 1, 86_400_000),
        reader.integer("requestTimeoutMillis", 100, 120_000),
        reader.integer("recordTimeoutMillis", 10, 60_000),
        reader.integer("ttlSeconds", 0, 2_419_200),
        WebPushConfig.from(reader),
        FcmConfig.from(reader),
        ApnsConfig.from(reader));
    if (config.retryMaxMillis < config.retryBaseMillis) {
      throw new ConfigException("push.retryMaxMillis", "must be at least push.retryBaseMillis");
    }
    return config;
  }
}
