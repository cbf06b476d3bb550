package io.parley.gateway;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A device's WebSocket served straight from its Netty channel, once the HTTP upgrade is done. Vert.x's own
 * ServerWebSocket keeps the upgrade request, its headers and an unbounded cross-thread write queue (about 5 KB) alive
 * for as long as the connection lasts, which is most of what an idle device would cost; here a connection holds only
 * Netty's frame codec and this handler, because every read and write already happens on the channel's event loop,
 * which is the gateway instance's. Events reach the session on the instance's Vert.x context, as Vert.x's would.
 */
final class NettyWebSocket extends ChannelInboundHandlerAdapter implements ClientSocket {
  private static final Logger log = LoggerFactory.getLogger(NettyWebSocket.class);
  /** How long a client may take to answer our close frame before the connection is cut. */
  private static final long CLOSE_GRACE_MILLIS = 2000;
  /** Most flushes merged into one socket write while frames keep coming. */
  private static final int FLUSHES_PER_WRITE = 64;

  private final Channel channel;
  private final ContextInternal context;
  private Listener listener;
  private Runnable closeHandler;
  private boolean closing;
  private boolean inactive;
  private boolean paused;

  private NettyWebSocket(Channel channel, ContextInternal context) {
    this.channel = channel;
    this.context = context;
  }

  /**
   * Replaces what Vert.x left in {@code pipeline} after writing the 101 response with the WebSocket codec and a new
   * socket, which reads nothing until started.
   */
  static NettyWebSocket takeOver(ChannelPipeline pipeline, ContextInternal context, int maxFrameBytes,
      int writeQueueMaxBytes) {
    Channel channel = pipeline.channel();
    channel.config().setAutoRead(false);
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(writeQueueMaxBytes / 2, writeQueueMaxBytes));
    NettyWebSocket socket = new NettyWebSocket(channel, context);
    HttpDeadline.remove(pipeline);
    WebSocketDecoderConfig decoding = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxFrameBytes)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        .allowExtensions(false)
        .closeOnProtocolViolation(true)
        .build();
    pipeline.replace("handler", "wsDecoder", new WebSocket13FrameDecoder(decoding));
    // an ack and the sender's own copy of its message, or a burst of messages to one device, leave in one write
    pipeline.addFirst("flushes", new FlushConsolidationHandler(FLUSHES_PER_WRITE, true));
    // ahead of the decoder, so the close frames the decoder and validator write themselves are encoded too
    pipeline.addBefore("wsDecoder", "wsEncoder", new WebSocket13FrameEncoder(false));
    pipeline.addAfter("wsDecoder", "wsUtf8", new Utf8FrameValidator(true));
    pipeline.addAfter("wsUtf8", "wsAggregator", new WebSocketFrameAggregator(maxFrameBytes));
    pipeline.addAfter("wsAggregator", "wsSession", socket);
    return socket;
  }

  @Override
  public void closeHandler(Runnable handler) {
    closeHandler = handler;
    if (inactive) {
      context.emit(ignored -> handler.run());
    }
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
    channel.config().setAutoRead(true);
  }

  @Override
  public void writeText(String text) {
    if (!closing) {
      channel.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)),
          channel.voidPromise());
    }
  }

  @Override
  public void pauseReading(long millis) {
    if (paused || closing) {
      return;
    }
    paused = true;
    channel.config().setAutoRead(false);
    channel.eventLoop().schedule(this::resumeReading, millis, TimeUnit.MILLISECONDS);
  }

  private void resumeReading() {
    paused = false;
    if (!closing) {
      channel.config().setAutoRead(true);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return !channel.isWritable();
  }

  @Override
  public void close(short code, String reason) {
    if (closing || inactive) {
      return;
    }
    closing = true;
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
    ScheduledFuture<?> cutOff = channel.eventLoop().schedule(
        (Runnable) channel::close, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(closed -> cutOff.cancel(false));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (paused && (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame)) {
      // read in the same batch as the frame that paused reading: over the rate too, dropped before any decoding, so
      // a flood costs its framing only
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof TextWebSocketFrame frame) {
      String text = frame.text();
      frame.release();
      if (!closing) {
        context.emit(text, listener::onText);
      }
    } else if (msg instanceof BinaryWebSocketFrame frame) {
      frame.release();
      if (!closing) {
        context.emit(ignored -> listener.onBinary());
      }
    } else if (msg instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
    } else if (msg instanceof CloseWebSocketFrame frame) {
      answerClose(ctx, frame);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Ends the closing handshake: the client's answer to ours, or our echo of the client's. */
  private void answerClose(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
    if (closing) {
      frame.release();
      channel.close();
    } else {
      closing = true;
      ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inactive = true;
    closing = true;
    if (closeHandler != null) {
      context.emit(ignored -> closeHandler.run());
    }
  }

  /**
   * The decoder refuses a frame over the limit, a bad opcode or bad UTF-8 itself, writing the close frame the RFC
   * gives it; a fragmented message that outgrows the limit is caught by the aggregator and closed here alike.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      closing = true;
      reportProtocolError((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
    } else if (cause instanceof TooLongFrameException) {
      reportProtocolError(ClientSession.CLOSE_TOO_BIG, "message too big");
    } else if (cause instanceof IOException) {
      channel.close();
    } else {
      log.warn("closing WebSocket after an unexpected error", cause);
      close(ClientSession.CLOSE_INTERNAL, "internal error");
    }
  }

  private void reportProtocolError(short code, String reason) {
    if (listener == null) {
      close(code, reason);
    } else {
      context.emit(null, ignored -> listener.onProtocolError(code, reason));
    }
  }
}
