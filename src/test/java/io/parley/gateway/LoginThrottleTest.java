package io.parley.gateway;

import io.parley.presence.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("LoginThrottle: per-account lockout, per-address limit across usernames, bounded memory")
class LoginThrottleTest {
  private final MutableClock clock = new MutableClock(1_000_000);
  private final LoginThrottle throttle = new LoginThrottle(3, 60, 5, 30, clock);

  @Test
  @DisplayName("an address is refused after its limit across usernames until its window ends; others are not")
  void addressLimit() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("user" + i, "10.0.0.1");
    }
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.1")).isZero();
    throttle.failed("user4", "10.0.0.1");
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.1")).isEqualTo(30);
    assertThat(throttle.addressLimited("10.0.0.1")).isTrue();
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.2")).isZero();
    clock.advance(29_001);
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.1")).isEqualTo(1);
    clock.advance(999);
    assertThat(throttle.retryAfterSeconds("someone", "10.0.0.1")).isZero();
  }

  @Test
  @DisplayName("an account is locked from every address after its limit; a success clears the account, not the address")
  void accountLockout() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("Alice", "10.0.0." + i);
    }
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.9")).isEqualTo(60);
    assertThat(throttle.addressLimited("10.0.0.9")).isFalse();
    throttle.succeeded("alice");
    assertThat(throttle.retryAfterSeconds("alice", "10.0.0.9")).isZero();

    for (int i = 0; i < 5; i++) {
      throttle.failed("user" + i, "10.0.0.7");
    }
    throttle.succeeded("user0");
    assertThat(throttle.retryAfterSeconds("user0", "10.0.0.7")).isEqualTo(30);
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
