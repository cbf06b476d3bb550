package io.parley.gateway;

import io.parley.config.AuthConfig;
import io.parley.presence.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("LoginThrottle: growing delays per account and address, per-address limit across usernames, bounded memory")
class LoginThrottleTest {
  private final MutableClock clock = new MutableClock(1_000_000);
  /** Delays from the 3rd failure: 2 s doubling to at most 7 s; 10 s of memory; 8 failures per address in 30 s. */
  private final LoginThrottle throttle = new LoginThrottle(
      new AuthConfig("", 60, 1000, 3, 2, 7, 10, 8, 30, 10, 0), clock);

  @Test
  @DisplayName("an address is refused after its limit across usernames until its window ends; others are not")
  void addressLimit() {
    for (int i = 0; i < 7; i++) {
      throttle.failed("user" + i, "10.0.0.1");
    }
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.1")).isZero();
    throttle.failed("user7", "10.0.0.1");
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.1")).isEqualTo(30);
    assertThat(throttle.addressLimited("10.0.0.1")).isTrue();
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.2")).isZero();
    clock.advance(29_001);
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.1")).isEqualTo(1);
    clock.advance(999);
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.1")).isZero();
  }

  @Test
  @DisplayName("an account's failures from one address make that address wait, growing; other addresses get in")
  void growingDelayPerAccountAndAddress() {
    for (int i = 0; i < 2; i++) {
      throttle.failed("Alice", "10.0.0.1");
    }
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.1")).isZero();
    throttle.failed("alice", "10.0.0.1");
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.1")).isEqualTo(2);
    assertThat(throttle.retryAfterSeconds("ALICE", "10.0.0.1")).as("usernames ignore case").isEqualTo(2);
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.2")).as("the owner elsewhere").isZero();
    assertThat(throttle.retryAfterSeconds("bob", "10.0.0.1")).as("other accounts from it").isZero();
    assertThat(throttle.addressLimited("10.0.0.1")).isFalse();

    clock.advance(2_000);
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.1")).isZero();
    throttle.failed("alice", "10.0.0.1");
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.1")).isEqualTo(4);
    clock.advance(4_000);
    throttle.failed("alice", "10.0.0.1");
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.1")).as("8 s capped at the maximum").isEqualTo(7);
    clock.advance(6_001);
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.1")).isEqualTo(1);
  }

  @Test
  @DisplayName("a success clears the account's failures from its address only; failures expire after the memory")
  void successAndExpiry() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("alice", "10.0.0.1");
      throttle.failed("alice", "10.0.0.2");
    }
    throttle.succeeded("alice", "10.0.0.1");
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.1")).isZero();
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.2")).isEqualTo(2);

    throttle.failed("alice", "10.0.0.3");
    clock.advance(9_999);
    throttle.failed("alice", "10.0.0.3");
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.3")).as("two failures remembered: no wait yet").isZero();
    assertThat(throttle.accountsTracked()).isEqualTo(2);
    clock.advance(10_000);
    assertThat(throttle.accountsTracked()).as("both forgotten 10 s after their last failure").isZero();
    for (int i = 0; i < 2; i++) {
      throttle.failed("alice", "10.0.0.3");
    }
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.3")).as("counting afresh: two, not four").isZero();
    throttle.failed("alice", "10.0.0.3");
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.3")).as("positive control: the third waits").isEqualTo(2);
  }

  @Test
  @DisplayName("past its capacity the pair that failed longest ago is forgotten first")
  void growingDelaysBounded() {
    GrowingDelays delays = new GrowingDelays(1, 60, 60, 600, 3, clock);
    for (String key : new String[] {"a", "b", "c"}) {
      delays.failed(key);
      clock.advance(1000);
    }
    delays.failed("a");
    delays.failed("d");
    assertThat(delays.size()).isEqualTo(3);
    assertThat(delays.retryAfterSeconds("b")).isZero();
    assertThat(delays.retryAfterSeconds("a")).isPositive();
    assertThat(delays.retryAfterSeconds("c")).isPositive();
    assertThat(delays.retryAfterSeconds("d")).isEqualTo(60);
  }

  @Test
  @DisplayName("IPv6 addresses of one /64 count together; IPv4-mapped ones as their IPv4 address")
  void ipv6ByPrefix() {
    assertThat(LoginThrottle.source("2001:db8:1:2:aaaa::1")).isEqualTo(LoginThrottle.source("2001:db8:1:2:bbbb::2"));
    assertThat(LoginThrottle.source("2001:db8:1:2::1")).isNotEqualTo(LoginThrottle.source("2001:db8:1:3::1"));
    assertThat(LoginThrottle.source("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(LoginThrottle.source("10.1.2.3")).isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("past its capacity the window that ends first is dropped, and the newest are kept")
  void boundedMemory() {
    FailureWindows windows = new FailureWindows(1, 60, 3, clock);
    for (String key : new String[] {"a", "b", "c"}) {
      windows.failed(key);
      clock.advance(1000);
    }
    windows.failed("d");
    assertThat(windows.retryAfterSeconds("a")).isZero();
    assertThat(windows.retryAfterSeconds("b")).isPositive();
    assertThat(windows.retryAfterSeconds("d")).isEqualTo(60);
  }
}
