package io.parley.presence.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One Lua script of the presence store: {@code common.lua} followed by the script's own file, both resources beside
 * this class. Loaded once per connection and then run by its SHA-1, so the source crosses the network once.
 */
final class RedisScript {
  private final String source;
  private final String sha;

  private RedisScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  static RedisScript load(String name) {
    return new RedisScript(resource("common.lua") + "\n" + resource(name + ".lua"));
  }

  Request load() {
    return Request.cmd(Command.SCRIPT).arg("LOAD").arg(source);
  }

  Request bySha(List<String> keys, List<String> args) {
    return request(Command.EVALSHA, sha, keys, args);
  }

  /** With the whole source, for a Redis that has lost the script ({@code SCRIPT FLUSH}) while connected. */
  Request bySource(List<String> keys, List<String> args) {
    return request(Command.EVAL, source, keys, args);
  }

  private static Request request(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static String resource(String file) {
    try (InputStream in = RedisScript.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing presence script " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
