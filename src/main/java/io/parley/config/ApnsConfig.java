package io.parley.config;

/**
 * Apple Push Notification service with token (.p8) authentication, read from flat {@code push.apns*} keys. Read on
 * every start, enabled or not.
 *
 * @param enabled  deliver to {@code apns} devices
 * @param keyFile  the {@code AuthKey_<keyId>.p8} signing key from the Apple developer account
 * @param keyId    its 10-character key id, the provider token's {@code kid}
 * @param teamId   the 10-character team id, the provider token's {@code iss}
 * @param topic    the app's bundle id, the {@code apns-topic} header
 * @param endpoint {@code https://api.push.apple.com} (production) or {@code https://api.sandbox.push.apple.com}
 * @param caFile   a PEM certificate to trust for the endpoint instead of the JDK's roots (only for local tests)
 */
public record ApnsConfig(boolean enabled, String keyFile, String keyId, String teamId, String topic, String endpoint,
    String caFile) {
  static ApnsConfig from(ConfigReader reader) {
    ApnsConfig config = new ApnsConfig(reader.bool("apnsEnabled"), reader.string("apnsKeyFile"),
        reader.string("apnsKeyId"), reader.string("apnsTeamId"), reader.string("apnsTopic"),
        reader.string("apnsEndpoint"), reader.string("apnsCaFile"));
    if (config.enabled) {
      required(config.keyFile, "push.apnsKeyFile");
      required(config.keyId, "push.apnsKeyId");
      required(config.teamId, "push.apnsTeamId");
      required(config.topic, "push.apnsTopic");
    }
    if (!config.endpoint.startsWith("https://")) {
      throw new ConfigException("push.apnsEndpoint", "must be an https URL, got '" + config.endpoint + "'");
    }
    return config;
  }

  private static void required(String value, String key) {
    if (value.isBlank()) {
      throw new ConfigException(key, "is required when push.apnsEnabled");
    }
  }
}
