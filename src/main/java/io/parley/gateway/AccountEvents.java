package io.parley.gateway;

import io.parley.model.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.parley.bus.Addresses.ROUTING_EVENT;

/**
 * Writes what a change did into the inboxes of those it concerns, after the change (docs/DESIGN.md, "Account events
 * and system messages"): a group's changes as system messages in its history, a user's as account events in the
 * conversation {@code user:<actor>}, which is in no list and has no history. The actor is always told too, so their
 * other devices learn it as well. Should the write fail, the request fails ({@code UNAVAILABLE}) though the change
 * stands, and a retry of the request writes the event.
 */
final class AccountEvents {
  private final BusForward bus;

  AccountEvents(BusForward bus) {
    this.bus = bus;
  }

  /**
   * A system message in the history of {@code group} (its state after the change), to its members and {@code alsoTo}
   * (a member who has just gone). Completes with the group.
   */
  Future<JsonObject> inGroup(JsonObject group, String actor, JsonObject event, String... alsoTo) {
    @SuppressWarnings("unchecked")
    List<String> members = group.getJsonArray("members").getList();
    return write("group:" + group.getString("id"), ChatMessage.SYSTEM, actor, event, members, alsoTo).map(group);
  }

  /**
   * {@code memberId} has gone from {@code group} (its state after): left, when they are the actor, else removed by
   * the actor; told to those left and to the member gone. Completes with the group.
   */
  Future<JsonObject> memberGone(JsonObject group, String actor, String memberId) {
    JsonObject event = new JsonObject().put("type", memberId.equals(actor) ? "member.left" : "member.removed")
        .put("userId", memberId).put("ownerId", group.getString("ownerId"));
    return inGroup(group, actor, event, memberId);
  }

  /** An account event of {@code actor}'s to {@code users}. */
  Future<Void> toUsers(String actor, JsonObject event, List<String> users) {
    return write("user:" + actor, ChatMessage.EVENT, actor, event, users);
  }

  private Future<Void> write(String conversationId, String kind, String actor, JsonObject event, List<String> users,
      String... alsoTo) {
    Set<String> recipients = new LinkedHashSet<>(users);
    recipients.addAll(List.of(alsoTo));
    recipients.add(actor);
    JsonObject request = new JsonObject().put("conversationId", conversationId).put("from", actor).put("kind", kind)
        .put("event", event.put("by", actor)).put("recipients", new JsonArray(List.copyOf(recipients)));
    return bus.request(ROUTING_EVENT, request).mapEmpty();
  }
}
