package io.parley.gateway;

import io.parley.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

import static io.parley.bus.Addresses.GATEWAY_LOGIN_OUTCOME;

/**
 * Slows password guessing two ways, without ever locking the owner out: each account is throttled per source
 * address, with a delay that grows after a few failures from that address (OWASP's authentication cheat sheet), so
 * an attacker guessing at an account from one address is slowed while its owner, from another, still logs in; and a
 * source address is refused for a while after too many failures across all usernames, so one client cannot try a
 * few passwords on each of many accounts. Shared by every gateway instance of a node; in a cluster each node
 * publishes its outcomes to the others ({@link #shareAcross}), so a guesser gains nothing by spreading attempts over
 * nodes. A node that joins later knows only the outcomes since.
 */
public final class LoginThrottle {
  /** Most accounts and addresses tracked each, about 100 bytes apiece. */
  private static final int CAPACITY = 100_000;

  private final GrowingDelays accounts;
  private final FailureWindows addresses;
  private volatile Sharing sharing;

  /** Where outcomes go to the other nodes, and this node's id, by which a node skips its own outcomes. */
  private record Sharing(Vertx vertx, int nodeId) {
  }

  public LoginThrottle(AuthConfig config, Clock clock) {
    this.accounts = new GrowingDelays(config.loginFreeFailures(), config.loginFirstDelaySeconds(),
        config.loginMaxDelaySeconds(), config.loginFailureMemorySeconds(), CAPACITY, clock);
    this.addresses = new FailureWindows(config.loginMaxFailuresPerAddress(), config.loginAddressWindowSeconds(),
        CAPACITY, clock);
  }

  /** Seconds until a login of {@code username} from {@code address} may be tried, or 0 when it may now. */
  long retryAfterSeconds(String username, String address) {
    return Math.max(accounts.retryAfterSeconds(account(username, address)),
        addresses.retryAfterSeconds(source(address)));
  }

  /** Whether {@code address} alone is what refuses logins now, for the error message. */
  boolean addressLimited(String address) {
    return addresses.retryAfterSeconds(source(address)) > 0;
  }

  void failed(String username, String address) {
    apply(username, address, true);
    tellOthers(username, address, true);
  }

  /**
   * Clears the account's failures from that address only: the address may still be guessing at other accounts, and
   * another address at this one.
   */
  void succeeded(String username, String address) {
    apply(username, address, false);
    tellOthers(username, address, false);
  }

  /**
   * From now on, this node's outcomes are published to the other nodes, and theirs applied here. Completes once
   * this node hears them.
   */
  public Future<Void> shareAcross(Vertx vertx, int nodeId) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(GATEWAY_LOGIN_OUTCOME, message -> {
      JsonObject outcome = message.body();
      if (nodeId != outcome.getInteger("node")) {
        apply(outcome.getString("username"), outcome.getString("address"), outcome.getBoolean("failed"));
      }
    });
    return consumer.completion().onSuccess(registered -> sharing = new Sharing(vertx, nodeId));
  }

  private void apply(String username, String address, boolean failed) {
    if (failed) {
      accounts.failed(account(username, address));
      addresses.failed(source(address));
    } else {
      accounts.reset(account(username, address));
    }
  }

  private void tellOthers(String username, String address, boolean failed) {
    Sharing to = sharing;
    if (to != null) {
      to.vertx().eventBus().publish(GATEWAY_LOGIN_OUTCOME, new JsonObject().put("node", to.nodeId())
          .put("username", username).put("address", address).put("failed", failed));
    }
  }

  /** How many (account, address) pairs are remembered now: bounded, and each forgotten once its failures expire. */
  int accountsTracked() {
    return accounts.size();
  }

  /** The key of an account seen from one source; a username cannot hold a space, so the split is unambiguous. */
  private static String account(String username, String address) {
    return username.toLowerCase(Locale.ROOT) + ' ' + source(address);
  }

  /**
   * An IPv4 address as it is; an IPv6 address by its /64, the block one subscriber is given, else an attacker could
   * take a fresh address for every few guesses.
   */
  static String source(String address) {
    if (address.indexOf(':') < 0) {
      return address;
    }
    try {
      // an IPv6 literal: parsed without any name lookup
      InetAddress parsed = InetAddress.getByName(address);
      if (!(parsed instanceof Inet6Address)) {
        return parsed.getHostAddress();
      }
      byte[] bytes = parsed.getAddress();
      Arrays.fill(bytes, 8, 16, (byte) 0);
      return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
