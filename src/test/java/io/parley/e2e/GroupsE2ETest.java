package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: groups")
class GroupsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private ApiClient api;
  @Injected private TestUser owner;
  @Injected private TestUser member;
  @Injected private TestUser outsider;

  @Test
  @DisplayName("create returns the group with the caller as owner and member; members read it and list it")
  void createAndRead() {
    JsonObject group = api.post("/v1/groups", owner.token(),
        new JsonObject().put("name", "climbing").put("members", new JsonArray().add(member.userId()))).expect(201);
    assertThat(group.getString("groupId")).matches("[0-9a-f]{16}");
    assertThat(group.getString("name")).isEqualTo("climbing");
    assertThat(group.getString("ownerId")).isEqualTo(owner.userId());
    assertThat(group.getLong("createdAt")).isPositive();
    assertThat(members(group)).containsExactlyInAnyOrder(owner.userId(), member.userId());

    String path = "/v1/groups/" + group.getString("groupId");
    assertThat(api.get(path, member.token()).expect(200)).isEqualTo(group);
    assertThat(groupIds(member)).contains(group.getString("groupId"));
    assertThat(groupIds(outsider)).doesNotContain(group.getString("groupId"));
  }

  @Test
  @DisplayName("members is optional: the caller alone makes a group")
  void createAlone() {
    JsonObject group = api.post("/v1/groups", owner.token(), new JsonObject().put("name", "solo")).expect(201);
    assertThat(members(group)).containsExactly(owner.userId());
  }

  @Test
  @DisplayName("any member may add a member, who then sees the group")
  void memberAdds() {
    JsonObject group = api.createGroup(owner, member);
    JsonObject grown = api.post(membersPath(group), member.token(), userId(outsider)).expect(200);
    assertThat(members(grown)).containsExactlyInAnyOrder(owner.userId(), member.userId(), outsider.userId());
    assertThat(groupIds(outsider)).contains(group.getString("groupId"));
  }

  @Test
  @DisplayName("the owner removes a member, who then gets 403 NOT_MEMBER on the group")
  void ownerRemoves() {
    JsonObject group = api.createGroup(owner, member);
    JsonObject shrunk = api.delete(membersPath(group) + "/" + member.userId(), owner.token()).expect(200);
    assertThat(members(shrunk)).containsExactly(owner.userId());
    api.get(groupPath(group), member.token()).expectError(403, "NOT_MEMBER");
    assertThat(groupIds(member)).doesNotContain(group.getString("groupId"));
  }

  @Test
  @DisplayName("a member other than the owner may not remove others: 403 FORBIDDEN")
  void nonOwnerCannotRemove() {
    JsonObject group = api.createGroup(owner, member, outsider);
    api.delete(membersPath(group) + "/" + outsider.userId(), member.token()).expectError(403, "FORBIDDEN");
    api.delete(membersPath(group) + "/" + owner.userId(), member.token()).expectError(403, "FORBIDDEN");
    assertThat(members(api.get(groupPath(group), owner.token()).expect(200))).hasSize(3);
  }

  @Test
  @DisplayName("removing yourself leaves the group")
  void leave() {
    JsonObject group = api.createGroup(owner, member);
    JsonObject left = api.delete(membersPath(group) + "/" + member.userId(), member.token()).expect(200);
    assertThat(members(left)).containsExactly(owner.userId());
    assertThat(groupIds(member)).doesNotContain(group.getString("groupId"));
    api.get(groupPath(group), member.token()).expectError(403, "NOT_MEMBER");
  }

  @Test
  @DisplayName("when the owner leaves, the earliest-joined member left becomes owner and may remove others")
  void ownerLeaves() {
    JsonObject group = api.createGroup(owner, member, outsider);
    JsonObject left = api.delete(membersPath(group) + "/" + owner.userId(), owner.token()).expect(200);
    assertThat(left.getString("ownerId")).isEqualTo(member.userId());
    api.delete(membersPath(group) + "/" + outsider.userId(), member.token()).expect(200);
    assertThat(members(api.get(groupPath(group), member.token()).expect(200))).containsExactly(member.userId());
  }

  @Test
  @DisplayName("a non-member reading, adding to, removing from or reading the history of a group gets 403 NOT_MEMBER")
  void nonMember() {
    JsonObject group = api.createGroup(owner, member);
    api.get(groupPath(group), outsider.token()).expectError(403, "NOT_MEMBER");
    api.post(membersPath(group), outsider.token(), userId(outsider)).expectError(403, "NOT_MEMBER");
    api.delete(membersPath(group) + "/" + member.userId(), outsider.token()).expectError(403, "NOT_MEMBER");
    api.history(outsider, Conversations.group(group.getString("groupId")), "").expectError(403, "NOT_MEMBER");
    api.get("/v1/conversations/" + Conversations.group(group.getString("groupId")) + "/read", outsider.token())
        .expectError(403, "NOT_MEMBER");
  }

  @Test
  @DisplayName("unknown groups and users are 404 NOT_FOUND")
  void unknown() {
    String ghost = "0000000000000000";
    api.get("/v1/groups/" + ghost, owner.token()).expectError(404, "NOT_FOUND");
    api.post("/v1/groups/" + ghost + "/members", owner.token(), userId(member)).expectError(404, "NOT_FOUND");
    api.delete("/v1/groups/" + ghost + "/members/" + member.userId(), owner.token()).expectError(404, "NOT_FOUND");
    JsonObject group = api.createGroup(owner);
    api.post(membersPath(group), owner.token(), new JsonObject().put("userId", ghost)).expectError(404, "NOT_FOUND");
    api.post("/v1/groups", owner.token(), new JsonObject().put("name", "g").put("members", new JsonArray().add(ghost)))
        .expectError(404, "NOT_FOUND");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "{\"name\": \"\"}",
      "{\"name\": \"__65__\"}",
      "{\"name\": 5}",
      "{}",
      "{\"name\": \"g\", \"members\": \"not-a-list\"}",
      "{\"name\": \"g\", \"members\": [42]}"})
  @DisplayName("creating a group with a bad field is 400 INVALID")
  void invalidCreate(String body) {
    api.post("/v1/groups", owner.token(), body.replace("__65__", "n".repeat(65))).expectError(400, "INVALID");
  }

  @Test
  @DisplayName("adding without a userId, or with a wrongly typed one, is 400 INVALID")
  void invalidAdd() {
    JsonObject group = api.createGroup(owner);
    api.post(membersPath(group), owner.token(), new JsonObject()).expectError(400, "INVALID");
    api.post(membersPath(group), owner.token(), new JsonObject().put("userId", 12)).expectError(400, "INVALID");
  }

  @Test
  @DisplayName("a group holds 100 members; the 101st is 409 GROUP_FULL, on add and on create")
  void groupFull() {
    List<String> others = new ArrayList<>();
    IntStream.range(0, 100).forEach(i -> others.add(api.newAccountId("m" + i)));
    JsonObject full = api.post("/v1/groups", owner.token(),
        new JsonObject().put("name", "full").put("members", new JsonArray(others.subList(0, 99)))).expect(201);
    assertThat(members(full)).hasSize(100);

    api.post(membersPath(full), owner.token(), new JsonObject().put("userId", others.get(99)))
        .expectError(409, "GROUP_FULL");
    assertThat(members(api.get(groupPath(full), owner.token()).expect(200))).hasSize(100).doesNotContain(others.get(99));

    api.post("/v1/groups", owner.token(), new JsonObject().put("name", "too big").put("members", new JsonArray(others)))
        .expectError(409, "GROUP_FULL");
  }

  private List<String> groupIds(TestUser user) {
    return api.get("/v1/groups", user.token()).expect(200).getJsonArray("groups").stream()
        .map(g -> ((JsonObject) g).getString("groupId")).toList();
  }

  private static List<String> members(JsonObject group) {
    return group.getJsonArray("members").stream().map(String.class::cast).toList();
  }

  private static String groupPath(JsonObject group) {
    return "/v1/groups/" + group.getString("groupId");
  }

  private static String membersPath(JsonObject group) {
    return groupPath(group) + "/members";
  }

  private static JsonObject userId(TestUser user) {
    return new JsonObject().put("userId", user.userId());
  }
}
