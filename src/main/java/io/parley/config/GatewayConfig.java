package io.parley.config;

import io.parley.protocol.Limits;

import java.util.List;
import java.util.regex.Pattern;

/**
 * WebSocket limits of the gateway.
 *
 * @param maxFrameBytes      largest WebSocket frame and message accepted; must admit the largest legal chat message
 * @param writeQueueMaxBytes bytes queued for one slow client before it is disconnected
 * @param messagesPerSecond  sustained rate of frames one connection may send; {@code messageBurst} above it briefly
 * @param syncPageMax        most inbox entries returned in one sync page
 * @param maxPendingSends    messages one gateway instance may have awaiting their ack; past it sends are refused
 *                           with UNAVAILABLE and a retryAfter, so an overloaded node sheds load instead of queueing
 * @param rateLimitCloseSeconds how long a connection may stay over its rate (refused again within a second of each
 *                           time reading resumes) before it is closed with 4008
 * @param maxDevicesPerUser  WebSocket connections one account may hold on this node, across its gateway instances
 * @param allowedOrigins     origins ({@code https://chat.example.com}) whose pages may use the SockJS and event-bus
 *                           endpoints cross-origin; a page served by the node itself is always allowed
 */
public record GatewayConfig(int maxFrameBytes, int writeQueueMaxBytes, int messagesPerSecond, int messageBurst,
    int rateLimitCloseSeconds, int syncPageMax, int maxPendingSends, int maxDevicesPerUser, List<String> allowedOrigins) {
  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  static GatewayConfig from(ConfigReader reader) {
    return new GatewayConfig(
        reader.integer("maxFrameBytes", Limits.MAX_FRAME_BYTES_FLOOR, 64 * 1024 * 1024),
        reader.integer("writeQueueMaxBytes", 64 * 1024, 1024 * 1024 * 1024),
        reader.integer("messagesPerSecond", 1, 1_000_000),
        reader.integer("messageBurst", 1, 1_000_000),
        reader.integer("rateLimitCloseSeconds", 1, 3600),
        reader.integer("syncPageMax", 1, 10_000),
        reader.integer("maxPendingSends", 1, 1_000_000),
        reader.integer("maxDevicesPerUser", 1, 100_000),
        origins(reader));
  }

  /** Origins as a browser sends them: scheme, host and port only, so a typo fails here rather than never matching. */
  private static List<String> origins(ConfigReader reader) {
    List<String> origins = List.copyOf(reader.strings("allowedOrigins"));
    for (String origin : origins) {
      if (!ORIGIN.matcher(origin).matches()) {
        throw new ConfigException(reader.key("allowedOrigins"),
            "expected an origin such as https://chat.example.com, got '" + origin + "'");
      }
    }
    return origins;
  }
}
