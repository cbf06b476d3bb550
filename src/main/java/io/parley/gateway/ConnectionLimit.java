package io.parley.gateway;

import com.sun.management.UnixOperatingSystemMXBean;
import io.parley.config.HttpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the public port's open connections, in total and per source address, counted from accept whatever they go on
 * to be (HTTP, WebSocket, or nothing at all). The total cap keeps file descriptors in reserve for the metrics port,
 * the store's files and health probes when the public port is full; the per-address cap keeps one host from taking
 * all of it. Shared by every gateway instance of a node.
 */
public final class ConnectionLimit {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);
  /** File descriptors kept out of the total cap: at least this many, or a fifth of the limit if more. */
  static final long MIN_RESERVED_FDS = 128;

  private final int maxTotal;
  private final int maxPerAddress;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

  public ConnectionLimit(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * The limits {@code http} sets; with {@code http.maxConnections} 0, the total is derived from this process's
   * open-file limit, or left unbounded where the platform does not tell it.
   */
  public static ConnectionLimit of(HttpConfig http) {
    long openFiles = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount() : -1;
    int total = http.maxConnections() > 0 ? http.maxConnections()
        : openFiles > 0 ? maxTotalFor(openFiles) : Integer.MAX_VALUE;
    log.info("connection limits maxConnections={} maxConnectionsPerAddress={} openFileLimit={}", total,
        http.maxConnectionsPerAddress(), openFiles);
    return new ConnectionLimit(total, http.maxConnectionsPerAddress());
  }

  /** The total cap the open-file limit leaves room for: the limit less a reserve of a fifth, at least 128. */
  public static int maxTotalFor(long openFileLimit) {
    long reserve = Math.max(MIN_RESERVED_FDS, openFileLimit / 5);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, openFileLimit - reserve));
  }

  /** Counts a new connection from {@code address}; false, counting nothing, when either cap is reached. */
  boolean tryAdmit(String address) {
    if (open.incrementAndGet() > maxTotal) {
      open.decrementAndGet();
      return false;
    }
    boolean[] admitted = new boolean[1];
    perAddress.compute(address, (key, count) -> {
      int current = count == null ? 0 : count;
      admitted[0] = current < maxPerAddress;
      return admitted[0] ? current + 1 : count;
    });
    if (!admitted[0]) {
      open.decrementAndGet();
    }
    return admitted[0];
  }

  void release(String address) {
    open.decrementAndGet();
    perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }
}
