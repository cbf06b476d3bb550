package io.parley.e2e.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docs/openapi.json (read from the classpath, where the build copies it), and the check that an HTTP answer is one
 * it documents: the path and method are in it, the status is listed for them and the body (and any required header)
 * matches that status's schema. A request the document has no operation for may only get one of the answers it
 * describes for any path: {@code 401} (no valid token), {@code 404} (a path it lacks), {@code 405} (a method a
 * documented path does not serve).
 */
public final class ApiContract {
  static final String RESOURCE = "docs/openapi.json";
  private static final String BASE = "app:///";
  private static final long TIMEOUT_SECONDS = 10;
  private static ApiContract shared;

  private final OpenAPIContract contract;
  private final ResponseValidator validator;
  private final SchemaRepository schemas;
  private final JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE);

  private ApiContract(Vertx vertx, JsonObject document) {
    this.contract = await(OpenAPIContract.from(vertx, document), "loading " + RESOURCE);
    this.validator = ResponseValidator.create(vertx, contract);
    this.schemas = SchemaRepository.create(options)
        .dereference(BASE, JsonSchema.of(document));
  }

  /** The document of the build, loaded once for all tests, on a Vert.x of its own (test classes close theirs). */
  public static synchronized ApiContract shared() {
    if (shared == null) {
      shared = of(Vertx.vertx(), document());
    }
    return shared;
  }

  /** A contract of any document, for testing the check itself. */
  static ApiContract of(Vertx vertx, JsonObject document) {
    return new ApiContract(vertx, document);
  }

  static JsonObject document() {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath: the build copies it from docs/");
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Why this answer breaks the document, or null when the document describes it. */
  public String violation(HttpMethod method, String uri, int status, MultiMap headers, Buffer body) {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    Operation operation = contract.findOperation(path, method);
    if (operation == null) {
      return anyPathViolation(method, path, status, body);
    }
    Map<String, String> headerMap = new HashMap<>();
    headers.forEach(header -> headerMap.put(header.getKey(), header.getValue()));
    String contentType = headers.get("content-type");
    ValidatableResponse response = body.length() == 0
        ? ValidatableResponse.create(status, headerMap)
        : ValidatableResponse.create(status, headerMap, body, contentType);
    try {
      validator.validate(response, operation.getOperationId()).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return null;
    } catch (Exception e) {
      return operation.getOperationId() + " (" + method + " " + operation.getOpenAPIPath() + ") answered " + status
          + " " + body + ": " + e.getMessage();
    }
  }

  private String anyPathViolation(HttpMethod method, String path, int status, Buffer body) {
    String component = switch (status) {
      case 401 -> "Unauthorized";
      case 404 -> contract.findPath(path) == null ? "UnknownRoute" : null;
      case 405 -> contract.findPath(path) == null ? null : "MethodNotAllowed";
      default -> null;
    };
    String request = method + " " + path;
    if (component == null) {
      return request + " is not in " + RESOURCE + " (" + (contract.findPath(path) == null ? "no such path" : "no such method")
          + ") yet answered " + status + " " + body;
    }
    Object json;
    try {
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      return request + " answered " + status + " with a body that is not JSON: " + body;
    }
    JsonSchema schema = JsonSchema.of(new JsonObject()
        .put("$ref", BASE + "#/components/responses/" + component + "/content/application~1json/schema"));
    OutputUnit result = schemas.validator(schema, options).validate(json);
    return Boolean.TRUE.equals(result.getValid()) ? null
        : request + " answered " + status + " " + body + ", not components/responses/" + component + ": " + result.getErrors();
  }

  private static <T> T await(io.vertx.core.Future<T> future, String what) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(what + ": " + e.getMessage(), e);
    }
  }
}
