package io.parley.config;

/** Thrown at startup when a configuration key is missing or out of range; the message names the key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String key, String problem) {
    super("config " + key + ": " + problem);
  }
}
