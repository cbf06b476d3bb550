package io.parley.load;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One connected user of the generator. Its frames arrive on the event loop it connected from, so the per-step set
 * of what it has received needs no locking.
 */
final class Client implements ChatProtocol.Inbound {
  private final ChatProtocol protocol;
  private final ChatProtocol.Peer peer;
  private final Supplier<StepMeter> meter;
  private final Set<String> received = new HashSet<>();
  private int receivedStep = -1;
  private WebSocket socket;

  Client(ChatProtocol protocol, ChatProtocol.Peer peer, Supplier<StepMeter> meter) {
    this.protocol = protocol;
    this.peer = peer;
    this.meter = meter;
  }

  /** Call on the event loop this client's frames should arrive on. */
  Future<Void> connect(WebSocketClient client) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(peer.server().host())
        .setPort(peer.server().port()).setURI(peer.uri());
    return client.connect(options).map(opened -> {
      socket = opened;
      opened.textMessageHandler(frame -> protocol.read(frame, peer, this));
      return null;
    });
  }

  void send(String frame) {
    socket.writeTextMessage(frame);
  }

  boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void delivered(String key, String text) {
    long arrived = System.nanoTime();
    Probe probe = Probe.parse(text);
    StepMeter step = meter.get();
    if (probe.step() != step.step()) {
      step.late();
      return;
    }
    if (receivedStep != probe.step()) {
      received.clear();
      receivedStep = probe.step();
    }
    if (received.add(key)) {
      step.delivered(probe.intendedNanos(), arrived);
    } else {
      step.duplicate();
    }
  }

  @Override
  public void acked(String clientMessageId) {
    StepMeter step = meter.get();
    if (Probe.stepOf(clientMessageId) == step.step()) {
      step.acked();
    }
  }

  @Override
  public void refused(String code) {
    meter.get().error(code);
  }
}
