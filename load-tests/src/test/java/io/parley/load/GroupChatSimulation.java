package io.parley.load;

import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Group chat: {@code users / groupSize} groups of {@code groupSize} (default 100, the protocol's largest), one
 * virtual user per group. It signs the members up, has the first create the group with all the others, connects
 * every member before any message is sent, then the members take turns to send to the group so that all groups
 * together send {@code rate} messages per second for {@code duration} seconds. Each message reaches every other
 * member, and the sender's own devices.
 *
 * <p>Measured: {@code ack} in the Gatling report (send frame out to ack on the sender's device); printed at the end,
 * delivery latency from the send time written in the text to the frame's arrival on each other member's receiving
 * device (Gatling's arrival timestamp, milliseconds): one sample per member reached.
 *
 * <p>Fails the run on any failed request and when any member's receiving device lacks an acked message, holds one
 * twice or holds one never acked ({@link Verification#verdicts}).
 */
public class GroupChatSimulation extends RoomSimulation {
  {
    int groupSize = Integer.getInteger("groupSize", 100);
    settings.require(groupSize >= 2 && groupSize <= 100, "groupSize must be 2 to 100");
    settings.require(settings.users() % groupSize == 0, "users must be a multiple of groupSize");
    int groups = settings.users() / groupSize;
    run(scenario("groups").exec(
        steps.openRoom(groupSize, settings.paceOf(groups)),
        steps.signUpAll(),
        steps.createGroup(),
        steps.connectAll(),
        steps.chatFor(settings.duration()),
        verification.drainAndVerify(),
        steps.closeAll()), groups, settings.duration());
  }
}
