package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Parley as docs/PROTOCOL.md describes it: accounts and groups made over HTTP, messages sent as {@code send} frames
 * and acked once durable. A delivery is a {@code message} frame from someone else, keyed by its messageId; the
 * sender's own copy (sent to all its devices) is not a delivery.
 */
final class ParleyProtocol implements ChatProtocol {
  private static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";
  private static final int SIGN_UPS_AT_ONCE = 50;

  private final String name;
  private final List<BenchArgs.Address> nodes;
  private final BenchHttp http;

  ParleyProtocol(Vertx vertx, BenchArgs.Node node) {
    this.name = node.name();
    this.nodes = node.addresses();
    this.http = new BenchHttp(vertx, nodes.get(0).host(), nodes.get(0).port());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Roster enrol(Scenario scenario) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<JsonObject> accounts = new ArrayList<>();
    for (int first = 0; first < scenario.users(); first += SIGN_UPS_AT_ONCE) {
      int from = first;
      int to = Math.min(scenario.users(), first + SIGN_UPS_AT_ONCE);
      accounts.addAll(http.await(() -> Future.all(IntStream.range(from, to)
          .mapToObj(user -> http.newAccount("b" + run + "-" + user)).toList()).map(all -> all.<JsonObject>list())));
    }
    List<Peer> users = IntStream.range(0, accounts.size()).mapToObj(user -> new Peer(
        accounts.get(user).getString("userId"), nodes.get(user % nodes.size()),
        "/v1/ws?deviceId=bench&token=" + accounts.get(user).getString("token"))).toList();
    return new Roster(users, scenario.groups() ? createGroups(scenario, accounts) : List.of());
  }

  private List<String> createGroups(Scenario scenario, List<JsonObject> accounts) throws Exception {
    List<String> groupIds = new ArrayList<>();
    for (int group = 0; group < scenario.groupCount(); group++) {
      int first = group * scenario.groupSize();
      List<String> others = accounts.subList(first + 1, first + scenario.groupSize()).stream()
          .map(account -> account.getString("userId")).toList();
      groupIds.add(http.createGroup(accounts.get(first).getString("token"), "bench-" + group, others));
    }
    return groupIds;
  }

  @Override
  public String sendFrame(Target to, String clientMessageId, String text) {
    return "{\"type\":\"send\",\"clientMessageId\":\"" + clientMessageId + "\",\"" + (to.group() ? "toGroup" : "toUser")
        + "\":\"" + to.id() + "\",\"text\":\"" + text + "\"}";
  }

  @Override
  public void read(String frame, Peer self, Inbound inbound) {
    String type = JsonScan.string(frame, "type");
    if ("message".equals(type)) {
      if (!self.id().equals(JsonScan.string(frame, "from"))) {
        inbound.delivered(JsonScan.string(frame, "messageId"), JsonScan.string(frame, "text"));
      }
    } else if ("ack".equals(type)) {
      inbound.acked(JsonScan.string(frame, "clientMessageId"));
    } else if ("error".equals(type)) {
      inbound.refused(JsonScan.string(frame, "code"));
    }
  }

  @Override
  public String heartbeat() {
    return HEARTBEAT;
  }

  @Override
  public boolean acknowledges() {
    return true;
  }
}
