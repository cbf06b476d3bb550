package io.parley.config;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Where a node's configuration comes from, each source overriding the one before: {@code conf/config.json}, the
 * file named by {@code -Dparley.config} or {@code PARLEY_CONFIG}, environment variables
 * {@code PARLEY_<SECTION>_<KEY>}, then system properties {@code <section>.<key>}. {@code Main} gathers the process's
 * environment and properties and passes them in, so nothing below it reads them and tests pass maps of their own.
 *
 * @param defaults         the tree of {@code conf/config.json}: environment variables are matched against its keys,
 *                         and only system properties under one of its sections count
 * @param file             the tree of the override file, empty when there is none
 * @param environment      the environment; variables not starting with {@code PARLEY_} are ignored
 * @param systemProperties the system properties; those the JVM and tools set ({@code java.*}, {@code user.*}, ...)
 *                         name no section and are ignored
 */
public record ConfigSources(
    JsonObject defaults, JsonObject file, Map<String, String> environment, Map<String, String> systemProperties) {
  /** The system property naming the override file; it wins over {@link #FILE_VARIABLE}. */
  public static final String FILE_PROPERTY = "parley.config";
  /** The environment variable naming the override file; the one {@code PARLEY_} variable that is not a key. */
  public static final String FILE_VARIABLE = "PARLEY_CONFIG";

  /** The merged tree, still to be validated by {@link ChatConfig#from(JsonObject)}. */
  public JsonObject merged() {
    return defaults.copy()
        .mergeIn(file, true)
        .mergeIn(EnvironmentOverrides.tree(defaults, environment), true)
        .mergeIn(SystemPropertyOverrides.tree(defaults, systemProperties), true);
  }
}
