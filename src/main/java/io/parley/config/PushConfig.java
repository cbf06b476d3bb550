package io.parley.config;

/** Push notifications for users with no connected device. */
public record PushConfig(boolean enabled) {
  static PushConfig from(ConfigReader reader) {
    return new PushConfig(reader.bool("enabled"));
  }
}
