package io.parley.e2e.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Test server: @Injected fields")
class InjectedFieldsTest {
  @RegisterExtension
  static final TestServer server = TestServer.shared();

  @Injected private Vertx vertx;
  @Injected private ApiClient api;
  @Injected private TestUser alice;
  @Injected private TestUser bob;

  @Test
  @DisplayName("are the test's own Vert.x, a client of the node and fresh logged-in users named after the fields")
  void filledBeforeEachTest(Vertx parameter) {
    assertThat(vertx).isSameAs(parameter);
    assertThat(alice.username()).startsWith("alice_");
    assertThat(bob.username()).startsWith("bob_");
    assertThat(alice.userId()).isNotEqualTo(bob.userId());
    JsonObject me = api.get("/v1/me", alice.token()).expect(200);
    assertThat(me.getString("userId")).isEqualTo(alice.userId());
  }
}
