package io.parley.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * One timer per HTTP connection, so a connection that never finishes a request, or sits idle between requests, is
 * closed: from accept, or from the first byte of a later request, the request must be read and its response written
 * out within {@code requestMillis} (a WebSocket request ends with its 101); between a response and the next request's
 * first byte the connection may rest {@code idleMillis}. Counting from the first byte rather than the last is what
 * stops a client dripping a byte a second. An upgraded WebSocket drops both handlers: its heartbeat has its own close.
 * All of it runs on the connection's event loop.
 */
final class HttpDeadline {
  private static final String BYTES = "deadlineBytes";
  private static final String RESPONSES = "deadlineResponses";

  private final Channel channel;
  private final long requestMillis;
  private final long idleMillis;
  private ScheduledFuture<?> timer;
  private boolean inRequest = true;
  /** Set on upgrade: the 101's write may complete after it, and must not start an idle timer then. */
  private boolean removed;

  private HttpDeadline(Channel channel, long requestMillis, long idleMillis) {
    this.channel = channel;
    this.requestMillis = requestMillis;
    this.idleMillis = idleMillis;
  }

  /** Starts the request timer of a just accepted connection whose HTTP handlers Vert.x has set up. */
  static void install(ChannelPipeline pipeline, long requestMillis, long idleMillis) {
    HttpDeadline deadline = new HttpDeadline(pipeline.channel(), requestMillis, idleMillis);
    pipeline.addFirst(BYTES, deadline.new RequestBytes());
    pipeline.addBefore("handler", RESPONSES, deadline.new ResponseEnds());
    deadline.arm(requestMillis);
  }

  /** Removes the timer and its handlers from an upgraded connection, if it had them. */
  static void remove(ChannelPipeline pipeline) {
    if (pipeline.get(RESPONSES) instanceof ResponseEnds ends) {
      ends.deadline().removed = true;
      ends.deadline().cancel();
      pipeline.remove(RESPONSES);
      pipeline.remove(BYTES);
    }
  }

  /**
   * Lets the connection's current request outlast its deadline: a SockJS poll or stream is held open on purpose, and
   * its session has deadlines of its own. The idle deadline starts when its response ends, as for any other.
   */
  static void holdOpen(ChannelPipeline pipeline) {
    if (pipeline.get(RESPONSES) instanceof ResponseEnds ends) {
      ends.deadline().cancel();
    }
  }

  private void arm(long millis) {
    cancel();
    if (removed) {
      return;
    }
    timer = channel.eventLoop().schedule((Runnable) channel::close, millis, TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /** Sees every byte as it arrives, before the HTTP decoder: the first one of a request starts its timer. */
  private final class RequestBytes extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!inRequest) {
        inRequest = true;
        arm(requestMillis);
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Sees the responses Vert.x writes: once the end of one is out, the idle timer runs. */
  private final class ResponseEnds extends ChannelDuplexHandler {
    HttpDeadline deadline() {
      return HttpDeadline.this;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (!(msg instanceof LastHttpContent)) {
        ctx.write(msg, promise);
        return;
      }
      // Vert.x often writes with a void promise, which takes no listener
      ChannelPromise written = promise.unvoid();
      written.addListener(done -> {
        inRequest = false;
        arm(idleMillis);
      });
      ctx.write(msg, written);
    }
  }
}
