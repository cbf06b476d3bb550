package io.parley.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Firebase Cloud Messaging HTTP v1, read from flat {@code push.fcm*} keys. Read on every start, enabled or not.
 *
 * @param enabled            deliver to {@code fcm} devices
 * @param serviceAccountFile the service-account key (JSON) of the Firebase project: its {@code project_id},
 *                           {@code client_email}, {@code private_key} and {@code token_uri} are used
 * @param endpoint           where {@code /v1/projects/<project>/messages:send} is served
 */
public record FcmConfig(boolean enabled, String serviceAccountFile, String endpoint) {
  static FcmConfig from(ConfigReader reader) {
    FcmConfig config = new FcmConfig(reader.bool("fcmEnabled"), reader.string("fcmServiceAccountFile"),
        reader.string("fcmEndpoint"));
    if (config.enabled && config.serviceAccountFile.isBlank()) {
      throw new ConfigException("push.fcmServiceAccountFile", "must name the service-account key when push.fcmEnabled");
    }
    if (!isHttpUrl(config.endpoint)) {
      throw new ConfigException("push.fcmEndpoint", "must be an http or https URL, got '" + config.endpoint + "'");
    }
    return config;
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
