package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.Injected;
import io.parley.e2e.support.Names;
import io.parley.e2e.support.TestServer;
import io.parley.e2e.support.TestUser;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP: accounts, sessions and profiles")
class AccountsE2ETest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  private static final String ID = "[0-9a-f]{16}";
  private static final String PASSWORD = "correct horse";

  @Injected private ApiClient api;

  @Test
  @DisplayName("sign up returns the profile, log in returns a token for the same user, and the profile reads back")
  void signUpLogInAndReadProfile() {
    String username = Names.unique("alice");
    JsonObject profile = api.post("/v1/accounts", null, account(username).put("displayName", "Alice A.")).expect(201);
    assertThat(profile.getString("userId")).matches(ID);
    assertThat(profile.getString("username")).isEqualTo(username);
    assertThat(profile.getString("displayName")).isEqualTo("Alice A.");
    assertThat(profile.getString("bio")).isEmpty();
    assertThat(profile.getLong("createdAt")).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));

    JsonObject session = api.tryLogIn(username, PASSWORD).expect(200);
    assertThat(session.getString("userId")).isEqualTo(profile.getString("userId"));
    assertThat(session.getString("token")).contains(".");
    assertThat(session.getLong("expiresAt")).isGreaterThan(System.currentTimeMillis());

    assertThat(profile.getBoolean("pushPreviews")).isTrue();
    assertThat(api.get("/v1/me", session.getString("token")).expect(200)).isEqualTo(profile);
    // anyone's profile, the caller's own included, shows everything but the caller's own push preference
    JsonObject publicProfile = profile.copy();
    publicProfile.remove("pushPreviews");
    assertThat(api.get("/v1/users/" + profile.getString("userId"), session.getString("token")).expect(200))
        .isEqualTo(publicProfile);
    assertThat(api.get("/v1/users?username=" + username, session.getString("token")).expect(200))
        .isEqualTo(publicProfile);
  }

  @Test
  @DisplayName("display name defaults to the username")
  void displayNameDefaultsToUsername() {
    String username = Names.unique("dflt");
    assertThat(api.signUp(username, PASSWORD).expect(201).getString("displayName")).isEqualTo(username);
  }

  @Test
  @DisplayName("PATCH /v1/me changes the fields given and keeps the others")
  void updateProfile() {
    TestUser user = api.newUser("patch");
    JsonObject renamed = api.patch("/v1/me", user.token(), new JsonObject().put("displayName", "Renamed")).expect(200);
    assertThat(renamed.getString("displayName")).isEqualTo("Renamed");
    assertThat(renamed.getString("bio")).isEmpty();

    JsonObject withBio = api.patch("/v1/me", user.token(), new JsonObject().put("bio", "b".repeat(500))).expect(200);
    assertThat(withBio.getString("displayName")).isEqualTo("Renamed");
    assertThat(withBio.getString("bio")).hasSize(500);
    assertThat(api.get("/v1/me", user.token()).expect(200)).isEqualTo(withBio);

    JsonObject quiet = api.patch("/v1/me", user.token(), new JsonObject().put("pushPreviews", false)).expect(200);
    assertThat(quiet.getBoolean("pushPreviews")).isFalse();
    assertThat(quiet.getString("bio")).hasSize(500);
    assertThat(api.get("/v1/me", user.token()).expect(200)).isEqualTo(quiet);
    assertThat(withBio.getBoolean("pushPreviews")).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "{\"displayName\": \"\"}",
      "{\"displayName\": 42}",
      "{\"bio\": \"__501__\"}",
      "{\"bio\": [\"not\", \"text\"]}",
      "{\"pushPreviews\": \"false\"}",
      "{\"pushPreviews\": 0}"})
  @DisplayName("PATCH /v1/me with a field out of range or of the wrong type is 400 INVALID and changes nothing")
  void invalidProfileUpdate(String body) {
    TestUser user = api.newUser("badpatch");
    JsonObject before = api.get("/v1/me", user.token()).expect(200);
    api.patch("/v1/me", user.token(), body.replace("__501__", "b".repeat(501))).expectError(400, "INVALID");
    assertThat(api.get("/v1/me", user.token()).expect(200)).isEqualTo(before);
  }

  @Test
  @DisplayName("a username taken in another case is 409 USERNAME_TAKEN")
  void usernameTakenIgnoringCase() {
    String username = Names.unique("Case");
    api.signUp(username, PASSWORD).expect(201);
    api.signUp(username.toUpperCase(), PASSWORD).expectError(409, "USERNAME_TAKEN");
    api.signUp(username.toLowerCase(), PASSWORD).expectError(409, "USERNAME_TAKEN");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "{\"username\": \"ab\", \"password\": \"correct horse\"}",
      "{\"username\": \"abcdefghijabcdefghijabcdefghijabc\", \"password\": \"correct horse\"}",
      "{\"username\": \"bad name!\", \"password\": \"correct horse\"}",
      "{\"username\": \"__user__\", \"password\": \"short12\"}",
      "{\"username\": \"__user__\"}",
      "{\"username\": 12345, \"password\": \"correct horse\"}",
      "{\"username\": \"__user__\", \"password\": true}",
      "{\"username\": \"__user__\", \"password\": \"correct horse\", \"displayName\": \"\"}",
      "{\"username\": \"__user__\", \"password\": \"correct horse\", \"displayName\": 7}"})
  @DisplayName("sign up with a field missing, out of range or of the wrong type is 400 INVALID")
  void invalidSignUp(String body) {
    api.post("/v1/accounts", null, body.replace("__user__", Names.unique("inv"))).expectError(400, "INVALID");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"username\": ", "not json", "[1, 2]", "\"text\"", ""})
  @DisplayName("a body that is not a JSON object is 400 INVALID_JSON")
  void malformedJson(String body) {
    api.post("/v1/accounts", null, body).expectError(400, "INVALID_JSON");
    api.post("/v1/sessions", null, body).expectError(400, "INVALID_JSON");
    TestUser user = api.newUser("json");
    api.patch("/v1/me", user.token(), body).expectError(400, "INVALID_JSON");
  }

  @Test
  @DisplayName("a body over http.maxBodyBytes is 413 BODY_TOO_LARGE, and the server keeps serving")
  void oversizedBody() {
    String huge = new JsonObject().put("username", Names.unique("big")).put("password", "p".repeat(70 * 1024)).encode();
    api.post("/v1/accounts", null, huge).expectError(413, "BODY_TOO_LARGE");
    TestUser user = api.newUser("big");
    api.patch("/v1/me", user.token(), new JsonObject().put("bio", "b".repeat(100 * 1024))).expectError(413, "BODY_TOO_LARGE");
    assertThat(api.get("/v1/me", user.token()).expect(200).getString("bio")).isEmpty();
  }

  @Test
  @DisplayName("a wrong password and an unknown user are both 401 UNAUTHORIZED, indistinguishably")
  void badLogin() {
    TestUser user = api.newUser("login");
    JsonObject wrongPassword = api.tryLogIn(user.username(), "not the password").expectError(401, "UNAUTHORIZED");
    JsonObject unknownUser = api.tryLogIn(Names.unique("nobody"), "not the password").expectError(401, "UNAUTHORIZED");
    assertThat(wrongPassword).isEqualTo(unknownUser);
  }

  @Test
  @DisplayName("unknown users and routes are 404 NOT_FOUND")
  void unknownUser() {
    TestUser user = api.newUser("finder");
    api.get("/v1/users/0000000000000000", user.token()).expectError(404, "NOT_FOUND");
    api.get("/v1/users?username=" + Names.unique("ghost"), user.token()).expectError(404, "NOT_FOUND");
    api.get("/v1/no-such-route", user.token()).expectError(404, "NOT_FOUND");
  }

  @Test
  @DisplayName("GET /health is 200 UP without a token")
  void health() {
    assertThat(api.get("/health", null).expect(200).getString("status")).isEqualTo("UP");
  }

  private static JsonObject account(String username) {
    return new JsonObject().put("username", username).put("password", PASSWORD);
  }
}
