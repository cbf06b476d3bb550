package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * One-on-one chat: {@code users / 2} pairs, one virtual user per pair, the two members taking turns to send to each
 * other so that all pairs together send {@code rate} messages per second for {@code duration} seconds.
 *
 * <p>Measured: {@code ack} in the Gatling report, from the send frame going out on the sender's device to its ack;
 * and, printed at the end, delivery latency from the send time written at the start of the message text to the
 * arrival of the {@code message} frame on the recipient's receiving device (Gatling's own arrival timestamp, in
 * milliseconds). Gatling cannot put the second in its report: a check only waits on the socket that sent, and there
 * is no public call to record a timing of one's own.
 *
 * <p>Fails the run ({@link Verification#verdicts}) on any failed request, and when any member's receiving device
 * lacks an acked message, holds one twice or holds one never acked ({@link Inbox}, request {@code verify inbox}).
 */
public class ChatPairsSimulation extends RoomSimulation {
  {
    settings.require(settings.users() % 2 == 0, "users must be even: they chat in pairs");
    int pairs = settings.users() / 2;
    run(scenario("pairs").exec(
        steps.openRoom(2, settings.paceOf(pairs)),
        steps.signUpAll(),
        steps.connectAll(),
        steps.chatFor(settings.duration()),
        verification.drainAndVerify(),
        steps.closeAll()), pairs, settings.duration());
  }
}
