package io.parley.load;

import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts by kind (an error class, a close code), safe from every event loop; child processes send it as JSON. */
final class Tally {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void add(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    counts.forEach((kind, count) -> json.put(kind, count.sum()));
    return json;
  }

  /**
   * Several reports of the same shape added up, field by field: numbers summed, nested objects (tallies) summed
   * kind by kind; other fields left out.
   */
  static JsonObject sum(Collection<JsonObject> reports) {
    JsonObject total = new JsonObject();
    for (JsonObject report : reports) {
      report.forEach(entry -> {
        String key = entry.getKey();
        if (entry.getValue() instanceof Number) {
          total.put(key, total.getLong(key, 0L) + asLong(entry));
        } else if (entry.getValue() instanceof JsonObject nested) {
          total.put(key, sum(List.of(total.getJsonObject(key, new JsonObject()), nested)));
        }
      });
    }
    return total;
  }

  static long total(JsonObject tally) {
    return tally.stream().mapToLong(Tally::asLong).sum();
  }

  private static long asLong(Map.Entry<String, Object> entry) {
    return ((Number) entry.getValue()).longValue();
  }
}
