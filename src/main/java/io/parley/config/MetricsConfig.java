package io.parley.config;

/**
 * The management listener: Prometheus metrics and a readiness probe, kept off the public port.
 *
 * @param enabled collect metrics and serve them; when false nothing is measured and nothing listens
 * @param host    listen address; loopback by default, as metrics should not be public
 * @param port    listen port; 0 picks a free one
 */
public record MetricsConfig(boolean enabled, String host, int port) {
  static MetricsConfig from(ConfigReader reader) {
    return new MetricsConfig(reader.bool("enabled"), reader.string("host"), reader.integer("port", 0, 65535));
  }
}
