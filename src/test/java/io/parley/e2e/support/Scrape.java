package io.parley.e2e.support;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One scrape of {@code GET /metrics} in the Prometheus text format: each series and its value. */
public final class Scrape {
  private final Map<String, Double> series = new HashMap<>();
  private final String text;

  private Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  /** Checks the answer is a Prometheus text scrape and parses it. */
  public static Scrape of(ApiResponse response) {
    assertThat(response.status()).as("%s answered %s", response.request(), response.body()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith("text/plain; version=0.0.4");
    return new Scrape(response.body().toString());
  }

  /** The value of one series, written as the endpoint prints it: {@code name} or {@code name{label="value"}}. */
  public double value(String name) {
    assertThat(series).as("series %s in the scrape:%n%s", name, text).containsKey(name);
    return series.get(name);
  }

  /** How much a series grew since {@code before}. */
  public double since(Scrape before, String name) {
    return value(name) - before.value(name);
  }

  /** Whether any series carries the label {@code label}. */
  public boolean hasLabel(String label) {
    return series.keySet().stream().anyMatch(key -> key.contains("{" + label + "=") || key.contains("," + label + "="));
  }

  /** Whether any series of the metric {@code name} is there, whatever its labels. */
  public boolean has(String name) {
    return series.keySet().stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "{"));
  }
}
