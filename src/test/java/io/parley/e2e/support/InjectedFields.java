package io.parley.e2e.support;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Fills the {@link Injected} fields of a test instance, for {@link TestServer}. */
final class InjectedFields {
  private InjectedFields() {
  }

  static void fill(ExtensionContext context, TestServer server) {
    Object test = context.getRequiredTestInstance();
    List<Field> fields = annotated(test.getClass());
    if (fields.isEmpty()) {
      return;
    }
    Vertx vertx = testVertx(context);
    ApiClient api = server.api(vertx);
    for (Field field : fields) {
      set(test, field, valueFor(field, vertx, api));
    }
  }

  /**
   * The Vert.x that VertxExtension gives this test's methods: asked for through JUnit as a parameter of
   * {@link #vertxParameter}, so it is the same instance, created now or earlier, and closed after the test.
   */
  private static Vertx testVertx(ExtensionContext context) {
    try {
      Method parameter = InjectedFields.class.getDeclaredMethod("vertxParameter", Vertx.class);
      return (Vertx) context.getExecutableInvoker().invoke(parameter, null);
    } catch (NoSuchMethodException | ParameterResolutionException e) {
      throw new ExtensionConfigurationException("@Injected fields need @ExtendWith(VertxExtension.class) on "
          + context.getRequiredTestClass().getName(), e);
    }
  }

  @SuppressWarnings("unused") // invoked reflectively by testVertx
  private static Vertx vertxParameter(Vertx vertx) {
    return vertx;
  }

  private static Object valueFor(Field field, Vertx vertx, ApiClient api) {
    Class<?> type = field.getType();
    if (type == Vertx.class) {
      return vertx;
    }
    if (type == ApiClient.class) {
      return api;
    }
    if (type == TestUser.class) {
      return api.newUser(field.getName());
    }
    throw new ExtensionConfigurationException("@Injected " + field + ": only Vertx, ApiClient and TestUser fields");
  }

  /** The annotated fields of {@code type} and its superclasses, in declaration order. */
  private static List<Field> annotated(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.isAnnotationPresent(Injected.class)) {
          if (Modifier.isStatic(field.getModifiers()) || Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("@Injected " + field + " must be an instance field, not final");
          }
          fields.add(field);
        }
      }
    }
    return fields;
  }

  private static void set(Object test, Field field, Object value) {
    try {
      field.setAccessible(true);
      field.set(test, value);
    } catch (IllegalAccessException e) {
      throw new ExtensionConfigurationException("cannot set @Injected " + field, e);
    }
  }
}
