package io.parley.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * A device's SockJS session, on any transport, as a {@link ClientSession} needs it: one protocol frame per SockJS
 * message. vertx-web queues writes without bound while a polling client is away, and writes to a streaming response
 * without looking at its buffer; here every frame counts until vertx-web reports it written to the connection, and
 * past {@code gateway.writeQueueMaxBytes} (counted in characters) the queue is full, as a WebSocket's is. Events come
 * on the context of the instance that opened the session, where vertx-web delivers them.
 */
class SockJsSocket implements ClientSocket {
  private final Vertx vertx;
  private final SockJSSocket sock;
  private final SockJsBinding binding;
  private final int maxFrameBytes;
  private final int writeQueueMaxChars;
  private final Context context;
  private Listener listener;
  private Runnable closeHandler;
  private long unwritten;
  private boolean paused;
  private boolean closing;
  private boolean gone;
  /** A close to write on the session's next transport request: it had none when the close was decided. */
  private volatile short heldCode;
  private volatile String heldReason;

  SockJsSocket(Vertx vertx, SockJSSocket sock, SockJsBinding binding, int maxFrameBytes, int writeQueueMaxChars) {
    this.vertx = vertx;
    this.sock = sock;
    this.binding = binding;
    this.maxFrameBytes = maxFrameBytes;
    this.writeQueueMaxChars = writeQueueMaxChars;
    this.context = vertx.getOrCreateContext();
    sock.pause();
    sock.closeHandler(ignored -> {
      binding.unbind();
      gone();
    });
    binding.attach(this);
  }

  @Override
  public void closeHandler(Runnable handler) {
    closeHandler = handler;
    if (gone) {
      context.runOnContext(ignored -> handler.run());
    }
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
    sock.handler(message -> received(message.toString()));
    sock.resume();
  }

  /** One SockJS message from the client. */
  void received(String message) {
    if (paused || closing) {
      return;
    }
    if (Utf8.length(message) > maxFrameBytes) {
      listener.onProtocolError(ClientSession.CLOSE_TOO_BIG, "message too big");
    } else {
      listener.onText(message);
    }
  }

  @Override
  public void writeText(String text) {
    writeRaw(envelope(text));
  }

  /** Writes one SockJS message as it is. */
  void writeRaw(String message) {
    if (closing) {
      return;
    }
    int chars = message.length();
    unwritten += chars;
    sock.write(message).onComplete(written -> unwritten -= chars);
  }

  /** The SockJS message that carries {@code frame}: the frame itself. */
  String envelope(String frame) {
    return frame;
  }

  @Override
  public void pauseReading(long millis) {
    if (paused || closing) {
      return;
    }
    // an HTTP client cannot be made to wait as a TCP one can: what it sends meanwhile is dropped unanswered
    paused = true;
    vertx.setTimer(millis, ignored -> paused = false);
  }

  @Override
  public boolean writeQueueFull() {
    return unwritten > writeQueueMaxChars;
  }

  @Override
  public void close(short code, String reason) {
    if (closing || gone) {
      return;
    }
    closing = true;
    binding.transport().runOnContext(ignored -> {
      if (SockJsCloseFrame.write(sock, code, reason)) {
        sock.close();
      } else {
        // the session ends once its client has polled the close (a drain waits for it, as for a WebSocket's answer
        // to a close frame), or when vertx-web times it out, 5 s after its last poll
        heldCode = code;
        heldReason = reason;
      }
    });
  }

  /** Writes a close held for the session's next transport request, which is now registered on this context. */
  void writeHeldClose() {
    String reason = heldReason;
    if (reason != null && SockJsCloseFrame.write(sock, heldCode, reason)) {
      heldReason = null;
      sock.close();
    }
  }

  /** The session's request handler found a frame over the limit in a request body, before parsing it. */
  void closeTooBig() {
    context.runOnContext(ignored -> {
      if (listener != null) {
        listener.onProtocolError(ClientSession.CLOSE_TOO_BIG, "message too big");
      } else {
        close(ClientSession.CLOSE_TOO_BIG, "message too big");
      }
    });
  }

  private void gone() {
    if (gone) {
      return;
    }
    gone = true;
    closing = true;
    binding.release();
    if (closeHandler != null) {
      closeHandler.run();
    }
  }
}
