package io.parley.config;

/**
 * The gateway's listener.
 *
 * @param instances    gateway verticle instances; 0 means one per core
 * @param maxBodyBytes largest HTTP request body accepted; larger ones get 413
 */
public record HttpConfig(String host, int port, int instances, int maxBodyBytes) {
  static HttpConfig from(ConfigReader reader) {
    return new HttpConfig(
        reader.string("host"),
        reader.integer("port", 0, 65535),
        reader.integer("instances", 0, 256),
        reader.integer("maxBodyBytes", 1024, 64 * 1024 * 1024));
  }

  public int effectiveInstances() {
    return instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
  }
}
