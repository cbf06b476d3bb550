package io.parley.load;

import java.util.ArrayList;
import java.util.List;

/** {@link RelayServer}'s protocol: users and groups are just names, a frame is {@code @user text} or {@code #group text}. */
final class RelayProtocol implements ChatProtocol {
  private final BenchArgs.Address address;

  RelayProtocol(BenchArgs.Address address) {
    this.address = address;
  }

  @Override
  public String name() {
    return "relay";
  }

  @Override
  public Roster enrol(Scenario scenario) {
    List<Peer> users = new ArrayList<>();
    for (int user = 0; user < scenario.users(); user++) {
      String groups = scenario.groups() ? "&groups=g" + scenario.groupOf(user) : "";
      users.add(new Peer("u" + user, address, "/?user=u" + user + groups));
    }
    List<String> groupIds = new ArrayList<>();
    for (int group = 0; scenario.groups() && group < scenario.groupCount(); group++) {
      groupIds.add("g" + group);
    }
    return new Roster(users, groupIds);
  }

  @Override
  public String sendFrame(Target to, String clientMessageId, String text) {
    return (to.group() ? "#" : "@") + to.id() + ' ' + text;
  }

  @Override
  public void read(String frame, Peer self, Inbound inbound) {
    String text = frame.substring(frame.indexOf(' ') + 1);
    inbound.delivered(text, text); // the text is unique per message: it carries the step and sequence number
  }

  @Override
  public String heartbeat() {
    return null;
  }

  @Override
  public boolean acknowledges() {
    return false;
  }
}
