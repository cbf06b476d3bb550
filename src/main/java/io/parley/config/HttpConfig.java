package io.parley.config;

/**
 * The gateway's listener.
 *
 * @param instances    gateway verticle instances; 0 means one per core
 * @param maxBodyBytes largest HTTP request body accepted; larger ones get 413
 * @param requestTimeoutSeconds time from accept (or a later request's first byte) to the request read and answered,
 *                              or upgraded; past it the connection is closed
 * @param idleTimeoutSeconds    time a kept-alive connection may wait for its next request before it is closed
 * @param maxConnections        open connections on the public port; 0 derives it from the open-file limit
 * @param maxConnectionsPerAddress open connections from one source address
 */
public record HttpConfig(String host, int port, int instances, int maxBodyBytes, int requestTimeoutSeconds,
    int idleTimeoutSeconds, int maxConnections, int maxConnectionsPerAddress) {
  static HttpConfig from(ConfigReader reader) {
    return new HttpConfig(
        reader.string("host"),
        reader.integer("port", 0, 65535),
        reader.integer("instances", 0, 256),
        reader.integer("maxBodyBytes", 1024, 64 * 1024 * 1024),
        reader.integer("requestTimeoutSeconds", 1, 3600),
        reader.integer("idleTimeoutSeconds", 1, 86_400),
        reader.integer("maxConnections", 0, 10_000_000),
        reader.integer("maxConnectionsPerAddress", 1, 10_000_000));
  }

  public int effectiveInstances() {
    return instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
  }
}
