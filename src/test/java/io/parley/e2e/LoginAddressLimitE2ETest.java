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
 * Failed logins are counted per source address across usernames. Each test sends from an address of its own in
 * 127.0.0.0/8 (all of it is loopback on Linux), so tests and their windows stay apart.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Login limits: failed logins from one address across many usernames are answered 429, other addresses not")
class LoginAddressLimitE2ETest {
  private static final int MAX_PER_ADDRESS = 5;
  private static final int WINDOW_SECONDS = 3;
  private static final String PASSWORD = "correct horse battery";

  @RegisterExtension
  static final TestServer server = TestServer.withConfig(config -> config
      .set("auth.loginMaxFailuresPerAddress", MAX_PER_ADDRESS)
      .set("auth.loginAddressWindowSeconds", WINDOW_SECONDS));

  private Vertx vertx;
  private String owner;

  @BeforeEach
  void account(Vertx vertx) {
    this.vertx = vertx;
    owner = Names.unique("owner");
    server.api(vertx).signUp(owner, PASSWORD).expect(201);
  }

  @Test
  @DisplayName("past the limit every username is refused from that address, right password too, until the window ends;"
      + " another address logs in meanwhile")
  void addressIsLimitedAcrossUsernames() {
    ApiClient attacker = ApiClient.from(vertx, server.port(), "127.0.0.11");
    for (int i = 0; i < MAX_PER_ADDRESS; i++) {
      attacker.tryLogIn(Names.unique("guess"), "wrong password " + i).expectError(401, "UNAUTHORIZED");
    }
    ApiResponse limited = attacker.tryLogIn(Names.unique("guess"), "wrong password");
    limited.expectError(429, "RATE_LIMITED");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, (long) WINDOW_SECONDS);
    attacker.tryLogIn(owner, PASSWORD).expectError(429, "RATE_LIMITED");

    ApiClient.from(vertx, server.port(), "127.0.0.12").logIn(owner, PASSWORD);

    long deadline = System.nanoTime() + (WINDOW_SECONDS + 5) * 1_000_000_000L;
    ApiResponse answer = attacker.tryLogIn(owner, PASSWORD);
    while (answer.status() == 429 && System.nanoTime() < deadline) {
      sleepAbout(Long.parseLong(answer.header("Retry-After")));
      answer = attacker.tryLogIn(owner, PASSWORD);
    }
    answer.expect(200);
  }

  @Test
  @DisplayName("a successful login does not reset its address's count of failures")
  void successDoesNotResetAddress() {
    ApiClient shared = ApiClient.from(vertx, server.port(), "127.0.0.13");
    for (int i = 0; i < MAX_PER_ADDRESS - 1; i++) {
      shared.tryLogIn(Names.unique("typo"), "wrong password").expectError(401, "UNAUTHORIZED");
    }
    shared.logIn(owner, PASSWORD);
    shared.tryLogIn(Names.unique("typo"), "wrong password").expectError(401, "UNAUTHORIZED");
    shared.tryLogIn(owner, PASSWORD).expectError(429, "RATE_LIMITED");
  }

  /** Waits out the server's own Retry-After, which is the condition the client is told to wait for. */
  private static void sleepAbout(long seconds) {
    try {
      Thread.sleep(seconds * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
