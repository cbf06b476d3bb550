package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ApiResponse;
import io.parley.e2e.support.Conversations;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: PATCH /v1/groups/{id} renames a group, by its owner only; bad input changes nothing")
class GroupRenameE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private ApiClient api;
  @Injected private TestUser owner;
  @Injected private TestUser member;
  @Injected private TestUser outsider;
  private String groupId;

  @BeforeEach
  void group() {
    groupId = api.createGroup(owner, member).getString("groupId");
  }

  @Test
  @DisplayName("the owner renames: 200 with the group, the new name everywhere, and a group.renamed system message")
  void ownerRenames() {
    JsonObject renamed = rename(owner, new JsonObject().put("name", "bouldering")).expect(200);
    assertThat(renamed.getString("name")).isEqualTo("bouldering");
    assertThat(renamed.getString("groupId")).isEqualTo(groupId);
    assertThat(api.get("/v1/groups/" + groupId, member.token()).expect(200).getString("name")).isEqualTo("bouldering");
    assertThat(rename(owner, new JsonObject().put("name", "x".repeat(64))).expect(200).getString("name"))
        .hasSize(64);
    assertThat(systemTypes()).containsExactly("group.created", "group.renamed", "group.renamed");
  }

  @Test
  @DisplayName("a member who is not the owner is 403 FORBIDDEN; the name stays and nothing is told")
  void notOwner() {
    rename(member, new JsonObject().put("name", "mine now")).expectError(403, "FORBIDDEN");
    assertUnchanged();
  }

  @Test
  @DisplayName("a non-member is 403 NOT_MEMBER, an unknown group 404 NOT_FOUND, a malformed id 400 INVALID")
  void wrongGroup() {
    rename(outsider, new JsonObject().put("name", "mine")).expectError(403, "NOT_MEMBER");
    api.patch("/v1/groups/0000000000000001", owner.token(), new JsonObject().put("name", "x"))
        .expectError(404, "NOT_FOUND");
    api.patch("/v1/groups/not-an-id", owner.token(), new JsonObject().put("name", "x")).expectError(400, "INVALID");
    assertUnchanged();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{}", "{\"name\": \"\"}", "{\"name\": 7}", "{\"name\": null}", "{\"name\": [\"a\"]}"})
  @DisplayName("a missing, empty or wrongly typed name is 400 INVALID and changes nothing")
  void badName(String body) {
    rename(owner, new JsonObject(body)).expectError(400, "INVALID");
    assertUnchanged();
  }

  @Test
  @DisplayName("a name of 65 characters is 400 INVALID; 64 pass (ownerRenames)")
  void tooLong() {
    rename(owner, new JsonObject().put("name", "x".repeat(65))).expectError(400, "INVALID");
    assertUnchanged();
  }

  @Test
  @DisplayName("a body that is not JSON is 400 INVALID_JSON")
  void notJson() {
    api.call(HttpMethod.PATCH, "/v1/groups/" + groupId, owner.token(), "name=x")
        .expectError(400, "INVALID_JSON");
    assertUnchanged();
  }

  private ApiResponse rename(TestUser caller, JsonObject body) {
    return api.patch("/v1/groups/" + groupId, caller.token(), body);
  }

  private void assertUnchanged() {
    assertThat(api.get("/v1/groups/" + groupId, owner.token()).expect(200).getString("name")).isEqualTo("e2e group");
    assertThat(systemTypes()).containsExactly("group.created");
  }

  private List<String> systemTypes() {
    return api.history(owner, Conversations.group(groupId), "").expect(200).getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getJsonObject("event").getString("type")).toList();
  }
}
