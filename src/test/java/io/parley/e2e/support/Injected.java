package io.parley.e2e.support;

import io.vertx.core.Vertx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of an end-to-end test class that its {@link TestServer} fills before each test, ahead of the class's own
 * {@code @BeforeEach} methods:
 * <ul>
 *   <li>a {@link Vertx}: the test's client-side instance, the one {@code VertxExtension} passes to the test's methods
 *   (so the class needs {@code @ExtendWith(VertxExtension.class)}), closed after the test;</li>
 *   <li>an {@link ApiClient} of the node, on that Vert.x;</li>
 *   <li>a {@link TestUser}: a fresh account, signed up and logged in, its username the field's name plus a random
 *   suffix.</li>
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Injected {
}
