package io.parley.push;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * Requests to one push service (or token endpoint), each answered in full within {@code push.requestTimeoutMillis}
 * or failed. The HTTP client's own timeouts do not bound a request: its idle timeout restarts with every byte, so a
 * service that trickles its answer would hold the request for ever, and a request still waiting for a pooled
 * connection is under none. Past the deadline the request is reset, which frees its connection or HTTP/2 stream, and
 * the call fails: the providers count that as no answer, to be retried.
 */
public final class ServiceCall {
  /** A service's complete answer. */
  public record Answer(int status, MultiMap headers, Buffer body) {
    public String header(String name) {
      return headers.get(name);
    }

    public String text() {
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final int timeoutMillis;

  public ServiceCall(Vertx vertx, HttpClient client, int timeoutMillis) {
    this.vertx = vertx;
    this.client = client;
    this.timeoutMillis = timeoutMillis;
  }

  public Future<Answer> send(RequestOptions options, Buffer body) {
    Promise<Answer> answer = Promise.promise();
    long deadline = vertx.setTimer(timeoutMillis, id -> answer.tryFail(
        new TimeoutException("no complete answer within " + timeoutMillis + " ms")));
    answer.future().onComplete(done -> vertx.cancelTimer(deadline));
    client.request(options.setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)).onComplete(requested -> {
      if (requested.failed()) {
        answer.tryFail(requested.cause());
        return;
      }
      HttpClientRequest request = requested.result();
      answer.future().onFailure(late -> request.reset());
      request.send(body).compose(response -> response.body().map(all -> new Answer(response.statusCode(),
          response.headers(), all))).onComplete(result -> {
            if (result.succeeded()) {
              answer.tryComplete(result.result());
            } else {
              answer.tryFail(result.cause());
            }
          });
    });
    return answer.future();
  }

  public Future<Void> close() {
    return client.close();
  }
}
