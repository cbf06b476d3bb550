package io.parley.gateway;

import io.parley.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A device on the event-bus bridge ({@code /v1/eventbus}), speaking the frames of {@code @vertx/eventbus-bridge-client.js}
 * over SockJS. Unlike vertx-web's bridge it reaches no bus address: a {@code send} or {@code publish} to
 * {@link Addresses#BRIDGE_CLIENT} is one client frame for this device's session, whose user is the token's whatever the
 * frame or its headers say; server frames come as {@code rec} on {@link Addresses#bridgeUser}, the one address this
 * socket may register. Everything else is refused with an {@code err}, as vertx-web's bridge refuses: so no REGISTER
 * of another address, no match-filter, header or reply-address bypass, no bus consumer per socket and no timer per
 * socket ({@code ping} counts as the protocol's heartbeat). Server frames wait until the page has registered its
 * address (the client drops a frame for an address without a handler), up to the write queue's bound.
 */
final class BridgeSocket extends SockJsSocket {
  private static final String HEARTBEAT = new JsonObject().put("type", "heartbeat").encode();

  private final String address;
  /** The start of every {@code rec} envelope; user ids are server-made hex, nothing in it needs escaping. */
  private final String recPrefix;
  private final TokenBucket refusals;
  private final Clock clock;
  private final int writeQueueMaxChars;
  /** Server frames written before the page registered its address; null once it has. */
  private List<String> held = new ArrayList<>();
  private long heldChars;

  /** Refused frames are answered at up to {@code refusalsPerSecond}, the rest dropped unanswered. */
  BridgeSocket(Vertx vertx, SockJSSocket sock, SockJsBinding binding, int maxFrameBytes, int writeQueueMaxChars,
      int refusalsPerSecond, Clock clock) {
    super(vertx, sock, binding, maxFrameBytes, writeQueueMaxChars);
    this.address = Addresses.bridgeUser(binding.caller().userId());
    this.recPrefix = "{\"type\":\"rec\",\"address\":\"" + address + "\",\"body\":";
    this.clock = clock;
    this.writeQueueMaxChars = writeQueueMaxChars;
    this.refusals = new TokenBucket(refusalsPerSecond, refusalsPerSecond, clock.millis());
  }

  @Override
  public void writeText(String text) {
    if (held == null) {
      super.writeText(text);
      return;
    }
    held.add(text);
    heldChars += text.length();
  }

  @Override
  public boolean writeQueueFull() {
    return heldChars > writeQueueMaxChars || super.writeQueueFull();
  }

  private void registered() {
    if (held != null) {
      List<String> frames = held;
      held = null;
      heldChars = 0;
      frames.forEach(super::writeText);
    }
  }

  @Override
  String envelope(String frame) {
    return recPrefix + frame + "}";
  }

  @Override
  void received(String message) {
    JsonObject envelope;
    try {
      envelope = new JsonObject(message);
    } catch (DecodeException | ClassCastException e) {
      refuse("invalid_json");
      return;
    }
    String type = envelope.getValue("type") instanceof String s ? s : "";
    Object target = envelope.getValue("address");
    switch (type) {
      case "ping" -> super.received(HEARTBEAT);
      case "register" -> {
        if (address.equals(target)) {
          registered();
        } else {
          refuse("access_denied");
        }
      }
      case "unregister" -> {
        if (!address.equals(target)) {
          refuse("access_denied");
        }
      }
      case "send", "publish" -> {
        if (Addresses.BRIDGE_CLIENT.equals(target) && envelope.getValue("body") instanceof JsonObject frame) {
          super.received(frame.encode());
        } else {
          refuse("access_denied");
        }
      }
      default -> refuse("invalid_type");
    }
  }

  /** Answers as vertx-web's bridge does; refusals past the frame rate are dropped unanswered. */
  private void refuse(String why) {
    if (refusals.take(clock.millis()) == 0) {
      writeRaw(new JsonObject().put("type", "err").put("body", why).encode());
    }
  }
}
