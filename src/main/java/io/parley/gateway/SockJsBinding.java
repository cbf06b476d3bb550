package io.parley.gateway;

import io.vertx.core.Context;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One SockJS session as the gateway knows it: whose it is, the context of its latest transport request (where
 * vertx-web writes to that request, and so where a close frame must be written), and the device slot it holds.
 * Requests of one session may land on any gateway instance, so the transport fields are volatile.
 */
final class SockJsBinding {
  /** Who may use a session: the endpoint it was opened on, the token's user and login session, and the device. */
  record Owner(String endpoint, String userId, String loginSessionId, String deviceId) {
    static Owner of(String endpoint, Caller caller, String deviceId) {
      return new Owner(endpoint, caller.userId(), caller.sessionId(), deviceId);
    }
  }

  private final Owner owner;
  private final Caller caller;
  private final Runnable releaseDevice;
  private final Consumer<SockJsBinding> unbind;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile Context transport;
  private volatile SockJsSocket socket;

  SockJsBinding(Owner owner, Caller caller, Context transport, Runnable releaseDevice,
      Consumer<SockJsBinding> unbind) {
    this.owner = owner;
    this.caller = caller;
    this.transport = transport;
    this.releaseDevice = releaseDevice;
    this.unbind = unbind;
  }

  Owner owner() {
    return owner;
  }

  Caller caller() {
    return caller;
  }

  Context transport() {
    return transport;
  }

  /** A new transport request of the session arrived on {@code context}. */
  void transportAt(Context context) {
    transport = context;
  }

  void attach(SockJsSocket socket) {
    this.socket = socket;
  }

  /** The socket once the session is open; null before. */
  SockJsSocket socket() {
    return socket;
  }

  /** Forgets the session id once vertx-web has let the session go, so nobody's request finds it again. */
  void unbind() {
    unbind.accept(this);
  }

  /** Gives the device slot back, once however many ways the session ends. */
  void release() {
    if (released.compareAndSet(false, true)) {
      releaseDevice.run();
    }
  }
}
