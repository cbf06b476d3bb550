package io.parley.load;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;

/**
 * The yardstick for {@link ChatBench}: a bare Vert.x WebSocket relay with none of a chat server's work (no JSON, no
 * storage, no acks). Like Parley's gateway it runs one verticle instance per core, all sharing the port.
 *
 * <pre>java -cp parley-load.jar io.parley.load.RelayServer port</pre>
 */
public final class RelayServer {
  private RelayServer() {
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
    int instances = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    RelayDirectory directory = new RelayDirectory();
    vertx.deployVerticle(() -> new RelayVerticle(directory, port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.printf("relay listening port=%d instances=%d%n", port, instances))
        .onFailure(cause -> {
          System.err.println("relay failed to start: " + cause);
          vertx.close().onComplete(ignored -> System.exit(1));
        });
  }
}
