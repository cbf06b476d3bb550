package io.parley.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's resident memory (heap, direct buffers, RocksDB's native memory, thread stacks: all of it), which no
 * JVM meter shows. Read from {@code /proc/self/status} at scrape time only; absent where there is no such file.
 */
final class ResidentMemoryMetrics implements MeterBinder {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final String RSS = "VmRSS:";

  @Override
  public void bindTo(MeterRegistry registry) {
    if (!Files.isReadable(STATUS)) {
      return;
    }
    Gauge.builder("process.resident.memory", ResidentMemoryMetrics::residentBytes)
        .baseUnit(BaseUnits.BYTES)
        .description("Resident set size of the process")
        .register(registry);
  }

  /** The {@code VmRSS: 123456 kB} line in bytes. */
  private static double residentBytes() {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      for (String line : lines) {
        if (line.startsWith(RSS)) {
          String kilobytes = line.substring(RSS.length()).trim().split("\\s+")[0];
          return Long.parseLong(kilobytes) * 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // reported as NaN: the series shows the read failed rather than a made-up figure
    }
    return Double.NaN;
  }
}
