package io.parley.storage;

import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Consumers;
import io.parley.bus.Failure;
import io.parley.model.IdGenerator;
import io.parley.protocol.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.parley.bus.Addresses.STORAGE_GROUP_ADD;
import static io.parley.bus.Addresses.STORAGE_GROUP_CREATE;
import static io.parley.bus.Addresses.STORAGE_GROUP_GET;
import static io.parley.bus.Addresses.STORAGE_GROUP_LIST;
import static io.parley.bus.Addresses.STORAGE_GROUP_REMOVE;
import static io.parley.bus.Addresses.STORAGE_GROUP_RENAME;
import static io.parley.storage.UserHandlers.found;

/**
 * Bus handlers for groups, with the rules of who may change what and how large a group may grow
 * ({@value Limits#MAX_GROUP_MEMBERS} members): the rules live here, once, above whichever store serves them.
 */
final class SocialHandlers {
  private final UserStore users;
  private final SocialStore social;
  private final IdGenerator ids;
  private final Clock clock;

  SocialHandlers(UserStore users, SocialStore social, IdGenerator ids, Clock clock) {
    this.users = users;
    this.social = social;
    this.ids = ids;
    this.clock = clock;
  }

  void register(Consumers consumers) {
    consumers.on(STORAGE_GROUP_CREATE, this::handleGroupCreate)
        .on(STORAGE_GROUP_GET, this::handleGroupGet)
        .on(STORAGE_GROUP_LIST, this::handleGroupList)
        .on(STORAGE_GROUP_ADD, this::handleMemberAdd)
        .on(STORAGE_GROUP_REMOVE, this::handleMemberRemove)
        .on(STORAGE_GROUP_RENAME, this::handleRename);
  }

  /** {ownerId, name, members} to the new group; the owner is always a member, and counts towards the limit. */
  private void handleGroupCreate(Message<JsonObject> request) {
    JsonObject body = request.body();
    String ownerId = body.getString("ownerId");
    Set<String> memberIds = new LinkedHashSet<>();
    memberIds.add(ownerId);
    body.getJsonArray("members", new JsonArray()).forEach(id -> memberIds.add((String) id));
    List<String> members = new ArrayList<>(memberIds);
    Future<GroupRecord> created = allExist(members).compose(ignored -> members.size() > Limits.MAX_GROUP_MEMBERS
        ? Future.failedFuture(full())
        : social.createGroup(new GroupRecord(ids.nextHex(), body.getString("name"), ownerId, clock.millis(), members)));
    BusReplies.reply(request, created, GroupRecord::toJson);
  }

  /** {userId, groupId} to the group, members only. */
  private void handleGroupGet(Message<JsonObject> request) {
    BusReplies.reply(request, memberGroup(request.body()), GroupRecord::toJson);
  }

  /** {userId} to a JSON array of the user's groups. */
  private void handleGroupList(Message<JsonObject> request) {
    Future<List<GroupRecord>> groups = social.groupsOf(request.body().getString("userId"))
        .compose(groupIds -> Future.all(groupIds.stream().map(social::group).toList()))
        .map(all -> all.<GroupRecord>list().stream().filter(group -> group != null).toList());
    BusReplies.reply(request, groups, list -> new JsonArray(list.stream().map(GroupRecord::toJson).toList()));
  }

  /** {userId, groupId, memberId}: any member may add a user who exists, while the group is below the limit. */
  private void handleMemberAdd(Message<JsonObject> request) {
    String memberId = request.body().getString("memberId");
    Future<GroupRecord> added = memberGroup(request.body())
        .compose(group -> users.byId(memberId).compose(UserHandlers::found).map(group))
        .compose(group -> social.addMember(group.id(), memberId, Limits.MAX_GROUP_MEMBERS))
        .compose(group -> group.members().contains(memberId) ? Future.succeededFuture(group)
            : Future.failedFuture(full()));
    BusReplies.reply(request, added, GroupRecord::toJson);
  }

  /** {userId, groupId, memberId}: members may leave; only the owner removes others. */
  private void handleMemberRemove(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    String memberId = request.body().getString("memberId");
    Future<GroupRecord> removed = memberGroup(request.body()).compose(group -> {
      if (!userId.equals(memberId) && !userId.equals(group.ownerId())) {
        return Future.failedFuture(new ChatException(Failure.FORBIDDEN, "only the owner removes other members"));
      }
      if (!group.members().contains(memberId)) {
        return Future.failedFuture(new ChatException(Failure.NOT_FOUND, "not a member"));
      }
      return social.removeMember(group.id(), memberId);
    });
    BusReplies.reply(request, removed, GroupRecord::toJson);
  }

  /** {userId, groupId, name}: only the owner renames. */
  private void handleRename(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    Future<GroupRecord> renamed = memberGroup(request.body()).compose(group -> userId.equals(group.ownerId())
        ? social.renameGroup(group.id(), request.body().getString("name"))
        : Future.failedFuture(new ChatException(Failure.FORBIDDEN, "only the owner renames the group")));
    BusReplies.reply(request, renamed, GroupRecord::toJson);
  }

  private Future<GroupRecord> memberGroup(JsonObject body) {
    String userId = body.getString("userId");
    return social.group(body.getString("groupId")).compose(UserHandlers::found).compose(group ->
        group.members().contains(userId) ? Future.succeededFuture(group)
            : Future.failedFuture(new ChatException(Failure.NOT_MEMBER, "not a member of this group")));
  }

  private static ChatException full() {
    return new ChatException(Failure.GROUP_FULL, "a group has at most " + Limits.MAX_GROUP_MEMBERS + " members");
  }

  private Future<Void> allExist(List<String> userIds) {
    return Future.all(userIds.stream().map(id -> users.byId(id).compose(UserHandlers::found)).toList()).mapEmpty();
  }
}
