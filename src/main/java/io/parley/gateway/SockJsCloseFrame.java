package io.parley.gateway;

import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Writes a SockJS close frame {@code c[code,"reason"]} with our close code. vertx-web 5.0.7's session always closes
 * with {@code c[3000,"Go away!"]} ({@code SockJSSession.close}), and its only writer of another code is private, so
 * without this a SockJS client could not tell "connected elsewhere: do not reconnect" from "reconnect elsewhere".
 * Bound to that version's internals on purpose: the class fails at load, and so the SockJS e2e tests, if they move.
 */
final class SockJsCloseFrame {
  private static final Field LISTENER;
  private static final Method WRITE_CLOSED;

  static {
    try {
      Class<?> session = Class.forName("io.vertx.ext.web.handler.sockjs.impl.SockJSSession");
      Class<?> listener = Class.forName("io.vertx.ext.web.handler.sockjs.impl.TransportListener");
      LISTENER = session.getDeclaredField("listener");
      LISTENER.setAccessible(true);
      WRITE_CLOSED = session.getDeclaredMethod("writeClosed", listener, int.class, String.class);
      WRITE_CLOSED.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private SockJsCloseFrame() {
  }

  /**
   * Writes the close frame to the transport request the session holds now; false if it holds none (a polling client
   * between two polls). Call on the context of the session's last transport request.
   */
  static boolean write(SockJSSocket socket, int code, String reason) {
    try {
      Object listener = LISTENER.get(socket);
      if (listener == null) {
        return false;
      }
      WRITE_CLOSED.invoke(socket, listener, code, reason.replace("\"", "'"));
      return true;
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot write a SockJS close frame", e);
    }
  }
}
