package io.parley.storage;

import io.parley.bus.BusReplies;
import io.parley.bus.ChatException;
import io.parley.bus.Consumers;
import io.parley.bus.Failure;
import io.parley.model.IdGenerator;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;

import static io.parley.bus.Addresses.STORAGE_DEVICE_LIST;
import static io.parley.bus.Addresses.STORAGE_DEVICE_PUT;
import static io.parley.bus.Addresses.STORAGE_DEVICE_REMOVE;
import static io.parley.bus.Addresses.STORAGE_PUSH_LOAD;
import static io.parley.bus.Addresses.STORAGE_PUSH_PENDING;
import static io.parley.bus.Addresses.STORAGE_PUSH_PREVIEWS;
import static io.parley.bus.Addresses.STORAGE_PUSH_RECORD;
import static io.parley.bus.Addresses.STORAGE_PUSH_REMOVE;
import static io.parley.bus.Addresses.STORAGE_USER_CREATE;
import static io.parley.bus.Addresses.STORAGE_USER_GET;
import static io.parley.bus.Addresses.STORAGE_USER_UPDATE;

/** Bus handlers for accounts, push devices and the push outbox. */
final class UserHandlers {
  private final UserStore users;
  private final PushStore push;
  private final IdGenerator ids;
  private final Clock clock;

  UserHandlers(UserStore users, PushStore push, IdGenerator ids, Clock clock) {
    this.users = users;
    this.push = push;
    this.ids = ids;
    this.clock = clock;
  }

  void register(Consumers consumers) {
    consumers.on(STORAGE_USER_CREATE, this::handleCreate)
        .on(STORAGE_USER_GET, this::handleGet)
        .on(STORAGE_USER_UPDATE, this::handleUpdate)
        .on(STORAGE_DEVICE_PUT, this::handleDevicePut)
        .on(STORAGE_DEVICE_REMOVE, this::handleDeviceRemove)
        .on(STORAGE_DEVICE_LIST, this::handleDeviceList)
        .on(STORAGE_PUSH_RECORD, this::handlePushRecord)
        .on(STORAGE_PUSH_PENDING, this::handlePushPending)
        .on(STORAGE_PUSH_LOAD, this::handlePushLoad)
        .on(STORAGE_PUSH_PREVIEWS, this::handlePushPreviews)
        .on(STORAGE_PUSH_REMOVE, this::handlePushRemove);
  }

  /** {username, displayName, passwordHash} to the new user. */
  private void handleCreate(Message<JsonObject> request) {
    JsonObject body = request.body();
    UserRecord user = new UserRecord(ids.nextHex(), body.getString("username"), body.getString("displayName"), "",
        body.getString("passwordHash"), clock.millis());
    BusReplies.reply(request, users.create(user), UserRecord::toJson);
  }

  /** {userId} or {username} to the user; NOT_FOUND when absent. */
  private void handleGet(Message<JsonObject> request) {
    String userId = request.body().getString("userId");
    Future<UserRecord> user = userId != null ? users.byId(userId) : users.byUsername(request.body().getString("username"));
    BusReplies.reply(request, user.compose(UserHandlers::found), UserRecord::toJson);
  }

  /** {userId, displayName?, bio?, pushPreviews?} to the user, with {@code pushPreviews}; NOT_FOUND when absent. */
  private void handleUpdate(Message<JsonObject> request) {
    JsonObject body = request.body();
    Boolean previews = body.getBoolean("pushPreviews");
    Future<JsonObject> updated = users.byId(body.getString("userId")).compose(UserHandlers::found)
        .compose(user -> users.updateProfile(user.id(), body.getString("displayName", user.displayName()),
            body.getString("bio", user.bio())))
        .compose(user -> (previews == null ? users.pushPreviews(user.id())
            : users.setPushPreviews(user.id(), previews).map(previews))
            .map(on -> user.toJson().put("pushPreviews", on)));
    BusReplies.reply(request, updated, json -> json);
  }

  /** {userId} to {pushPreviews}. */
  private void handlePushPreviews(Message<JsonObject> request) {
    BusReplies.reply(request, users.pushPreviews(request.body().getString("userId")),
        on -> new JsonObject().put("pushPreviews", on));
  }

  private void handleDevicePut(Message<JsonObject> request) {
    JsonObject body = request.body();
    Device device = new Device(body.getString("deviceId"), body.getString("platform"), body.getString("pushToken"),
        clock.millis());
    BusReplies.reply(request, users.putDevice(body.getString("userId"), device), ignored -> null);
  }

  private void handleDeviceRemove(Message<JsonObject> request) {
    JsonObject body = request.body();
    BusReplies.reply(request, users.removeDevice(body.getString("userId"), body.getString("deviceId")), ignored -> null);
  }

  /** {userId} to the user's devices. */
  private void handleDeviceList(Message<JsonObject> request) {
    BusReplies.reply(request, users.devices(request.body().getString("userId")),
        devices -> new JsonArray(devices.stream().map(Device::toJson).toList()));
  }

  /** {node, notifications}: notifications to record for that node's sender. */
  private void handlePushRecord(Message<JsonObject> request) {
    JsonObject body = request.body();
    BusReplies.reply(request, push.record(body.getInteger("node"), notifications(body.getJsonArray("notifications"))),
        ignored -> null);
  }

  /** A JSON array of notifications to remove. */
  private void handlePushRemove(Message<JsonArray> request) {
    BusReplies.reply(request, push.remove(notifications(request.body())), ignored -> null);
  }

  /** {node, limit} to up to that many notifications, of any users, for that node's sender. */
  private void handlePushLoad(Message<JsonObject> request) {
    JsonObject body = request.body();
    BusReplies.reply(request, push.recordedBy(body.getInteger("node"), body.getInteger("limit", 100)),
        UserHandlers::toJson);
  }

  /** {userId, limit} to the user's recorded notifications. */
  private void handlePushPending(Message<JsonObject> request) {
    JsonObject body = request.body();
    BusReplies.reply(request, push.pending(body.getString("userId"), body.getInteger("limit", 100)),
        UserHandlers::toJson);
  }

  private static List<PushNotification> notifications(JsonArray body) {
    return body.stream().map(JsonObject.class::cast).map(PushNotification::fromJson).toList();
  }

  private static JsonArray toJson(List<PushNotification> notifications) {
    return new JsonArray(notifications.stream().map(PushNotification::toJson).toList());
  }

  static <T> Future<T> found(T value) {
    return value == null ? Future.failedFuture(new ChatException(Failure.NOT_FOUND, "not found"))
        : Future.succeededFuture(value);
  }
}
