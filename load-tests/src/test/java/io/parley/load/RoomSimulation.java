package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

/**
 * What the simulations share: their settings, their delivery statistics printed at the end, and how a scenario of
 * rooms (one virtual user each, all started at once) is run and judged.
 */
abstract class RoomSimulation extends Simulation {
  /** Time for signing up and connecting, on top of the phases a run is asked for, before Gatling stops it. */
  private static final Duration SETUP_ALLOWANCE = Duration.ofMinutes(2);

  final LoadSettings settings = LoadSettings.fromSystemProperties();
  final DeliveryStats stats = new DeliveryStats();
  final RoomSteps steps = new RoomSteps(settings, stats);

  /** Runs {@code rooms} virtual users of {@code scenario}; every one of the run's users must pass verification. */
  void run(ScenarioBuilder scenario, int rooms, Duration phases) {
    setUp(scenario.injectOpen(atOnceUsers(rooms)))
        .protocols(steps.protocol())
        .maxDuration(SETUP_ALLOWANCE.plus(phases).plus(settings.drain()))
        .assertions(RoomSteps.verdicts(settings.users()));
  }

  @Override
  public void after() {
    stats.print(getClass().getSimpleName(), settings);
  }
}
