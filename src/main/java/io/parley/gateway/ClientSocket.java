package io.parley.gateway;

/**
 * The transport under one connected device, as a {@link ClientSession} needs it: text frames in and out, a bounded
 * write queue and close codes. Every call and every event happens on the gateway instance's event loop.
 */
interface ClientSocket {
  /** What the socket reports to its session. */
  interface Listener {
    void onText(String text);

    void onBinary();

    /**
     * The client broke the WebSocket protocol (a frame over the limit, invalid UTF-8...) and the connection is being
     * closed with {@code code}; the session closes itself with it.
     */
    void onProtocolError(short code, String reason);
  }

  /** Runs {@code handler} once the connection is gone, whoever closed it; at once if it already is. */
  void closeHandler(Runnable handler);

  /** Starts reading frames, which are not read before, and reports them to {@code listener}. */
  void start(Listener listener);

  void writeText(String text);

  /**
   * Reads nothing more for {@code millis}, so what the client sends meanwhile waits in TCP buffers and in the end
   * slows the client itself; frames already read meanwhile are dropped without reaching the listener.
   */
  void pauseReading(long millis);

  /** Whether more than the write limit waits to be written; the session then disconnects its slow reader. */
  boolean writeQueueFull();

  /** Sends a close frame with {@code code} and closes the connection once the client answers or soon after. */
  void close(short code, String reason);
}
