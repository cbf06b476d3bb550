package io.parley.e2e;

import io.parley.e2e.support.ApiClient;
import io.parley.e2e.support.ApiResponse;
import io.parley.e2e.support.Names;
import io.parley.e2e.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed logins slow the address they come from, for that account, with a growing delay; they never lock the
 * account. The attacker and the owner log in from addresses of their own in 127.0.0.0/8 (all loopback on Linux).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Login throttling: growing delays per account and address, and the owner still gets in")
class LoginThrottleE2ETest {
  private static final int FREE_FAILURES = 3;
  private static final int FIRST_DELAY_SECONDS = 1;
  private static final String PASSWORD = "correct horse battery";

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("auth.loginFreeFailures", FREE_FAILURES)
      .set("auth.loginFirstDelaySeconds", FIRST_DELAY_SECONDS)
      .set("auth.loginMaxDelaySeconds", 8));

  private Vertx vertx;
  private String owner;
  private String other;

  @BeforeEach
  void accounts(Vertx vertx) {
    this.vertx = vertx;
    owner = Names.unique("owner");
    other = Names.unique("other");
    server.api(vertx).signUp(owner, PASSWORD).expect(201);
    server.api(vertx).signUp(other, PASSWORD).expect(201);
  }

  @Test
  @DisplayName("after N failures the attacker's address waits, right password too, while the owner logs in elsewhere;"
      + " the wait doubles, and after it the right password works")
  void attackerSlowedOwnerGetsIn() throws InterruptedException {
    ApiClient attacker = ApiClient.from(vertx, server.port(), "127.0.0.31");
    for (int i = 0; i < FREE_FAILURES; i++) {
      attacker.tryLogIn(owner, "wrong password " + i).expectError(401, "UNAUTHORIZED");
    }
    ApiResponse slowed = attacker.tryLogIn(owner, PASSWORD);
    slowed.expectError(429, "RATE_LIMITED");
    assertThat(retryAfter(slowed)).isEqualTo(FIRST_DELAY_SECONDS);
    attacker.tryLogIn(owner, "wrong again").expectError(429, "RATE_LIMITED");

    ApiClient ownerClient = ApiClient.from(vertx, server.port(), "127.0.0.32");
    String token = ownerClient.logIn(owner, PASSWORD).token();
    ownerClient.get("/v1/me", token).expect(200);
    attacker.logIn(other, PASSWORD);

    Thread.sleep(retryAfter(slowed) * 1000L + 200);
    attacker.tryLogIn(owner, "wrong password").expectError(401, "UNAUTHORIZED");
    ApiResponse slowerStill = attacker.tryLogIn(owner, PASSWORD);
    slowerStill.expectError(429, "RATE_LIMITED");
    assertThat(retryAfter(slowerStill)).as("the wait doubled").isEqualTo(2 * FIRST_DELAY_SECONDS);

    Thread.sleep(retryAfter(slowerStill) * 1000L + 200);
    attacker.logIn(owner, PASSWORD);
  }

  @Test
  @DisplayName("a success from an address clears its failures there: the next N failures are free again")
  void successClearsThatAddress() {
    ApiClient typist = ApiClient.from(vertx, server.port(), "127.0.0.33");
    for (int i = 0; i < FREE_FAILURES - 1; i++) {
      typist.tryLogIn(owner, "typo").expectError(401, "UNAUTHORIZED");
    }
    typist.logIn(owner, PASSWORD);
    for (int i = 0; i < FREE_FAILURES; i++) {
      typist.tryLogIn(owner, "typo").expectError(401, "UNAUTHORIZED");
    }
    typist.tryLogIn(owner, PASSWORD).expectError(429, "RATE_LIMITED");
  }

  private static int retryAfter(ApiResponse response) {
    return Integer.parseInt(response.header("Retry-After").trim());
  }
}
