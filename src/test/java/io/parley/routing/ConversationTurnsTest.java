package io.parley.routing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationTurnsTest {
  private final ConversationTurns turns = new ConversationTurns();
  private final List<String> ran = new ArrayList<>();

  private Future<String> step(String name) {
    ran.add(name);
    return Future.succeededFuture(name);
  }

  @Test
  @DisplayName("steps of one conversation run in call order though their lookups finish in reverse")
  void callOrderWithinConversation() {
    Promise<Void> first = Promise.promise();
    Promise<Void> second = Promise.promise();
    Promise<Void> third = Promise.promise();
    turns.inTurn("c", first.future(), () -> step("1"));
    turns.inTurn("c", second.future(), () -> step("2"));
    Future<String> last = turns.inTurn("c", third.future(), () -> step("3"));
    third.complete();
    second.complete();
    assertThat(ran).isEmpty();
    first.complete();
    assertThat(ran).containsExactly("1", "2", "3");
    assertThat(last.result()).isEqualTo("3");
  }

  @Test
  @DisplayName("other conversations do not wait, and a failed lookup fails only its own step")
  void independentAndFailureSafe() {
    Promise<Void> slow = Promise.promise();
    turns.inTurn("a", slow.future(), () -> step("a1"));
    Future<String> failed = turns.inTurn("a", Future.failedFuture("no such group"), () -> step("a2"));
    turns.inTurn("a", Future.succeededFuture(), () -> step("a3"));
    turns.inTurn("b", Future.succeededFuture(), () -> step("b1"));
    assertThat(ran).containsExactly("b1");
    slow.complete();
    assertThat(ran).containsExactly("b1", "a1", "a3");
    assertThat(failed.failed()).isTrue();
    assertThat(failed.cause()).hasMessage("no such group");
  }
}
