package io.parley.gateway;

import io.parley.bus.BusReplies;
import io.parley.bus.Failure;
import io.parley.bus.InboxPage;
import io.parley.bus.InboxQuery;
import io.parley.bus.SendAck;
import io.parley.bus.SendRequest;
import io.parley.bus.SessionSignal;
import io.parley.bus.UserEvent;
import io.parley.protocol.ClientFrame;
import io.parley.protocol.FrameException;
import io.parley.protocol.ServerFrames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.parley.bus.Addresses.ROUTING_READ;
import static io.parley.bus.Addresses.ROUTING_SEND;
import static io.parley.bus.Addresses.ROUTING_TYPING;
import static io.parley.bus.Addresses.STORAGE_INBOX;

/** One connected device: reads its frames, answers them, and writes the events of its user to it. */
final class ClientSession implements ClientSocket.Listener {
  static final short CLOSE_IDLE = 4000;
  static final short CLOSE_SLOW = 4001;
  static final short CLOSE_MOVE = 4002;
  static final short CLOSE_RATE = 4008;
  static final short CLOSE_REVOKED = 4401;
  static final short CLOSE_REPLACED = 4409;
  static final short CLOSE_DELETED = 4410;
  static final short CLOSE_TOO_BIG = 1009;
  static final short CLOSE_INTERNAL = 1011;
  /** At this many held events they are written at once: the snapshot is late, and holding more would cost memory. */
  private static final int MAX_HELD = 64;

  private final ClientSocket socket;
  private final String userId;
  private final String sessionId;
  private final String deviceId;
  /** Tells this connection from a later one of the same device, on this node or another. */
  private final long connectionId = ThreadLocalRandom.current().nextLong();
  private final long openedAt;
  private final SessionHub hub;
  private final FrameRateGuard rate;
  private long lastHeardMillis;
  /** Highest inbox sequence already written to this device, so a live event a sync page carried is not sent again. */
  private long deliveredSeq;
  private boolean started;
  private boolean closed;
  /**
   * Live events without a sequence (presence, read, typing) that come while the connect's presence snapshot is read:
   * written after it, so a friend's change never comes before a snapshot older than it. Null once the snapshot is out.
   */
  private List<UserEvent> heldForSnapshot = new ArrayList<>();
  /** Sends of this device awaiting routing's answer. */
  private int pendingSends;
  /** Set once the node drains: the delay the client is told to wait before it reconnects elsewhere; else -1. */
  private long moveAfterMillis = -1;

  ClientSession(ClientSocket socket, Caller caller, String deviceId, SessionHub hub, long nowMillis) {
    this.socket = socket;
    this.userId = caller.userId();
    this.sessionId = caller.sessionId();
    this.deviceId = deviceId;
    this.openedAt = nowMillis;
    this.hub = hub;
    this.rate = new FrameRateGuard(hub.config().messagesPerSecond(), hub.config().messageBurst(),
        hub.config().rateLimitCloseSeconds() * 1000L, nowMillis);
    this.lastHeardMillis = nowMillis;
    socket.closeHandler(() -> {
      closed = true;
      hub.closed(this);
    });
  }

  String userId() {
    return userId;
  }

  String deviceId() {
    return deviceId;
  }

  /** The signal announcing this connection to the user's other connections, wherever they are. */
  SessionSignal connectedSignal() {
    return SessionSignal.deviceConnected(deviceId, connectionId, openedAt);
  }

  /** Closes this connection if the signal is about it: its session revoked, its account deleted, or a newer twin. */
  void signalled(SessionSignal signal) {
    switch (signal.kind()) {
      case REVOKED -> {
        if (sessionId.equals(signal.sessionId())) {
          close(CLOSE_REVOKED, "session revoked");
        }
      }
      case ACCOUNT_DELETED -> close(CLOSE_DELETED, "account deleted");
      case DEVICE_CONNECTED -> {
        if (olderTwinOf(signal)) {
          close(CLOSE_REPLACED, "connected elsewhere");
        }
      }
    }
  }

  /** The same device connected earlier than the signal's connection; ties go by connection id, so one survives. */
  private boolean olderTwinOf(SessionSignal signal) {
    return deviceId.equals(signal.deviceId()) && connectionId != signal.connectionId()
        && (openedAt < signal.openedAt() || openedAt == signal.openedAt() && connectionId < signal.connectionId());
  }

  long lastHeardMillis() {
    return lastHeardMillis;
  }

  boolean isClosed() {
    return closed;
  }

  void start(String welcome) {
    started = true;
    write(welcome);
    socket.start(this);
  }

  void deliver(UserEvent event) {
    // before its welcome a device has not synced yet; what it misses now, its first sync returns
    if (!started) {
      return;
    }
    if (event.seq() > 0) {
      if (event.seq() <= deliveredSeq) {
        return;
      }
      deliveredSeq = event.seq();
    } else if (heldForSnapshot != null) {
      heldForSnapshot.add(event);
      if (heldForSnapshot.size() >= MAX_HELD) {
        snapshot(List.of());
      }
      return;
    }
    write(event.frame());
  }

  /** Writes the presence snapshot, then the events held while it was read; a snapshot after that is written as is. */
  void snapshot(List<UserEvent> frames) {
    List<UserEvent> held = heldForSnapshot == null ? List.of() : heldForSnapshot;
    heldForSnapshot = null;
    frames.forEach(frame -> write(frame.frame()));
    held.forEach(event -> write(event.frame()));
  }

  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      hub.metrics().closedByServer(code);
      socket.close(code, reason);
    }
  }

  /**
   * The node drains: once this device's pending sends are answered, tells it to reconnect elsewhere after
   * {@code afterMillis} and closes with 4002. Sends arriving meanwhile are refused UNAVAILABLE, to be sent again
   * after reconnecting.
   */
  void moveAway(long afterMillis) {
    if (closed || moveAfterMillis >= 0) {
      return;
    }
    moveAfterMillis = afterMillis;
    if (pendingSends == 0) {
      finishMove();
    }
  }

  private void finishMove() {
    write(ServerFrames.reconnect(moveAfterMillis));
    close(CLOSE_MOVE, "reconnect elsewhere");
  }

  private void write(String frame) {
    if (closed) {
      return;
    }
    if (socket.writeQueueFull()) {
      // the client reads slower than its messages arrive; they wait in its inbox for its next sync
      close(CLOSE_SLOW, "too slow to read");
      return;
    }
    socket.writeText(frame);
    hub.metrics().frameOut();
  }

  @Override
  public void onProtocolError(short code, String reason) {
    close(code, reason);
  }

  @Override
  public void onBinary() {
    lastHeardMillis = hub.now();
    hub.metrics().binaryFrameIn();
    if (withinRate(null, null)) {
      write(ServerFrames.error(null, Failure.BINARY_NOT_SUPPORTED, "only text frames are accepted", null));
    }
  }

  @Override
  public void onText(String text) {
    lastHeardMillis = hub.now();
    ClientFrame frame;
    try {
      frame = hub.parser().parse(text);
    } catch (FrameException e) {
      hub.metrics().invalidFrameIn();
      // malformed frames cost the sender a token too, so they cannot be used to flood the server with answers
      if (withinRate(e.ref(), e.clientMessageId())) {
        write(ServerFrames.error(e.ref(), e.failure(), e.getMessage(), e.clientMessageId()));
      }
      return;
    }
    hub.metrics().frameIn(frame);
    if (frame instanceof ClientFrame.Heartbeat) {
      hub.heard(userId);
    } else if (withinRate(frame.ref(), frame instanceof ClientFrame.Send send ? send.clientMessageId() : null)) {
      dispatch(frame);
    }
  }

  /**
   * Takes a token for one frame. Over the rate, the first frame refused is answered RATE_LIMITED and reading pauses
   * until a token is back; the frames read meanwhile are dropped unanswered, and a connection that stays over its rate
   * is closed.
   */
  private boolean withinRate(String ref, String clientMessageId) {
    FrameRateGuard.Verdict verdict = rate.check(lastHeardMillis);
    if (verdict == FrameRateGuard.Verdict.ACCEPT) {
      return true;
    }
    hub.metrics().rateLimited();
    if (verdict == FrameRateGuard.Verdict.REFUSE) {
      write(ServerFrames.rateLimited(ref, rate.retryAfterMillis(), clientMessageId));
      socket.pauseReading(rate.retryAfterMillis());
    } else if (verdict == FrameRateGuard.Verdict.CLOSE) {
      close(CLOSE_RATE, "rate limit exceeded");
    }
    return false;
  }

  private void dispatch(ClientFrame frame) {
    if (frame instanceof ClientFrame.Send send) {
      handleSend(send);
    } else if (frame instanceof ClientFrame.Sync sync) {
      handleSync(sync);
    } else if (frame instanceof ClientFrame.Read read) {
      answerErrors(read.ref(), hub.request(ROUTING_READ, new JsonObject().put("userId", userId)
          .put("conversationId", read.conversationId()).put("messageId", read.messageId())));
    } else if (frame instanceof ClientFrame.Typing typing) {
      answerErrors(typing.ref(), hub.request(ROUTING_TYPING,
          new JsonObject().put("userId", userId).put("conversationId", typing.conversationId())));
    }
  }

  private void handleSend(ClientFrame.Send send) {
    if (moveAfterMillis >= 0) {
      write(ServerFrames.error(send.ref(), Failure.UNAVAILABLE, "node draining, send again after reconnecting",
          send.clientMessageId()));
      return;
    }
    if (!hub.admitSend()) {
      hub.metrics().sendShed();
      write(ServerFrames.busy(send.ref(), hub.busyRetryAfterMillis(), send.clientMessageId()));
      return;
    }
    SendRequest request = new SendRequest(userId, deviceId, send.clientMessageId(), send.toUser(), send.toGroup(),
        send.text());
    pendingSends++;
    hub.<SendAck>request(ROUTING_SEND, request).onComplete(done -> {
      hub.sendSettled();
      pendingSends--;
      if (done.succeeded()) {
        write(ServerFrames.ack(send.ref(), done.result()));
      } else {
        writeError(send.ref(), done.cause(), send.clientMessageId());
      }
      if (pendingSends == 0 && moveAfterMillis >= 0 && !closed) {
        finishMove();
      }
    });
  }

  private void handleSync(ClientFrame.Sync sync) {
    hub.<InboxPage>request(STORAGE_INBOX, new InboxQuery(userId, sync.after(), sync.limit()))
        .onComplete(done -> {
          if (done.failed()) {
            writeError(sync.ref(), done.cause(), null);
            return;
          }
          SyncPage page = SyncPage.of(done.result(), sync.after(), hub.config().writeQueueMaxBytes() / 4);
          deliveredSeq = Math.max(deliveredSeq, page.reached());
          write(page.frame(sync.ref(), done.result().lastSeq()));
        });
  }

  private void answerErrors(String ref, Future<?> result) {
    result.onFailure(cause -> writeError(ref, cause, null));
  }

  private void writeError(String ref, Throwable cause, String clientMessageId) {
    Failure failure = BusReplies.failureOf(cause);
    String message = failure == Failure.INTERNAL ? "internal error" : cause.getMessage();
    write(ServerFrames.error(ref, failure, message, clientMessageId));
  }
}
