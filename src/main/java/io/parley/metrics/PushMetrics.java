package io.parley.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.IntSupplier;

/**
 * What the push outbox does, per provider ({@code webpush}, {@code fcm}, {@code apns}): notifications queued, sent
 * (accepted by their service), retried, failed (refused for good or given up at the maximum age), dropped by the cap,
 * and device registrations removed because the service said the token or subscription is gone.
 */
public final class PushMetrics {
  private final MeterRegistry registry;

  PushMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The outbox's current size, read when scraped. */
  public void queueSize(IntSupplier size) {
    Gauge.builder("parley.push.queue.size", size::getAsInt).description("Notifications in the push outbox")
        .register(registry);
  }

  public void queued(String provider, int count) {
    counter("parley.push.queued", "Notifications recorded in the outbox", provider).increment(count);
  }

  public void sent(String provider, int notifications) {
    counter("parley.push.sent", "Notifications accepted by their push service", provider).increment(notifications);
  }

  public void retried(String provider) {
    counter("parley.push.retried", "Requests to a push service scheduled again after a 429, 5xx or no answer",
        provider).increment();
  }

  public void failed(String provider, int notifications) {
    counter("parley.push.failed", "Notifications refused for good or given up at push.maxAgeSeconds", provider)
        .increment(notifications);
  }

  public void dropped(String provider) {
    counter("parley.push.dropped", "Notifications dropped, oldest first, because the outbox was full", provider)
        .increment();
  }

  public void removedToken(String provider) {
    counter("parley.push.removed.tokens", "Device registrations removed because their service said they are gone",
        provider).increment();
  }

  private Counter counter(String name, String description, String provider) {
    return Counter.builder(name).description(description).tag("provider", provider).register(registry);
  }
}
