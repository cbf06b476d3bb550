package io.parley.storage;

import io.parley.model.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.parley.storage.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The behaviour every {@link MessageStore} shares; subclasses only supply the store. */
@ExtendWith(VertxExtension.class)
public abstract class MessageStoreContract {
  private MessageStore store;

  private MessageStore otherNode;

  /** An empty store that stays usable until the test ends. */
  protected abstract MessageStore newStore(Vertx vertx) throws Exception;

  /**
   * A second writer on the same data, as another node of a cluster has, opened after {@link #newStore}. A store that
   * serves one node only returns the same store: its second caller is all the concurrency it can have.
   */
  protected abstract MessageStore otherNode(Vertx vertx, MessageStore store) throws Exception;

  @BeforeEach
  void createStore(Vertx vertx) throws Exception {
    store = newStore(vertx);
    otherNode = otherNode(vertx, store);
  }

  private static ChatMessage message(long id, String conversation, String sender, String clientMessageId) {
    return new ChatMessage(id, conversation, sender, clientMessageId, "text " + id, 1_700_000_000_000L + id);
  }

  @Test
  @DisplayName("many concurrent appends to overlapping recipients leave every inbox numbered 1..N")
  void gapFreeUnderConcurrency() throws Exception {
    List<String> users = IntStream.range(0, 20).mapToObj(i -> "user" + i).toList();
    Map<String, List<Long>> expected = new HashMap<>();
    List<Future<Appended>> appends = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String sender = users.get(i % 20);
      List<String> recipients = List.of(sender, users.get((i * 7 + 3) % 20), users.get((i * 13 + 5) % 20));
      long id = 1_000 + i;
      new LinkedHashSet<>(recipients).forEach(user -> expected.computeIfAbsent(user, u -> new ArrayList<>()).add(id));
      appends.add(store.append(message(id, "conv" + i % 7, sender, "client-" + i), recipients));
    }
    result(Future.all(appends));

    Map<String, List<InboxEntries.Entry>> inboxes = new HashMap<>();
    for (String user : users) {
      List<InboxEntries.Entry> inbox = readWholeInbox(user);
      inboxes.put(user, inbox);
      assertThat(inbox).extracting(InboxEntries.Entry::seq).containsExactlyElementsOf(
          LongStream.rangeClosed(1, expected.get(user).size()).boxed().toList());
      assertThat(inbox).extracting(entry -> entry.message().id())
          .containsExactlyInAnyOrderElementsOf(expected.get(user));
    }
    for (Future<Appended> append : appends) {
      Appended appended = append.result();
      assertThat(appended.duplicate()).isFalse();
      appended.seqs().forEach((user, seq) ->
          assertThat(inboxes.get(user).get((int) (seq - 1)).message()).isEqualTo(appended.message()));
    }
  }

  @Test
  @DisplayName("two nodes appending to the same inboxes at once number each one 1..N, every message exactly once")
  void twoWritersShareInboxes() throws Exception {
    List<String> users = List.of("ann", "ben", "cat");
    List<Future<Appended>> appends = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      MessageStore writer = i % 2 == 0 ? store : otherNode;
      String sender = users.get(i % 3);
      List<String> recipients = i % 5 == 0 ? List.of(sender, users.get((i + 1) % 3)) : users;
      appends.add(writer.append(message(10_000 + i, "room" + i % 4, sender, "two-" + i), recipients));
    }
    result(Future.all(appends));

    for (String user : users) {
      List<InboxEntries.Entry> inbox = readWholeInbox(user);
      List<Long> expected = appends.stream().map(Future::result).filter(appended -> appended.seqs().containsKey(user))
          .map(appended -> appended.message().id()).toList();
      assertThat(inbox).extracting(InboxEntries.Entry::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, expected.size()).boxed().toList());
      assertThat(inbox).extracting(entry -> entry.message().id()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(result(otherNode.inbox(user, 0, 1)).lastSeq()).isEqualTo(expected.size());
      for (Future<Appended> append : appends) {
        Long seq = append.result().seqs().get(user);
        if (seq != null) {
          assertThat(inbox.get((int) (seq - 1)).message()).isEqualTo(append.result().message());
        }
      }
    }
  }

  @Test
  @DisplayName("one client message id sent through two nodes at once is stored once, both answering with its id")
  void twoWritersSameClientId() throws Exception {
    List<Future<Appended>> first = new ArrayList<>();
    List<Future<Appended>> second = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      first.add(store.append(message(20_000 + i, "dm:a:b", "a", "both-" + i), List.of("a", "b")));
      second.add(otherNode.append(message(30_000 + i, "dm:a:b", "a", "both-" + i), List.of("a", "b")));
    }
    result(Future.all(first));
    result(Future.all(second));

    for (int i = 0; i < 40; i++) {
      Appended one = first.get(i).result();
      Appended other = second.get(i).result();
      assertThat(List.of(one.duplicate(), other.duplicate())).containsExactlyInAnyOrder(true, false);
      assertThat(other.message()).isEqualTo(one.message());
      assertThat(other.seqs()).containsEntry("a", one.seqs().get("a"));
    }
    List<Long> stored = first.stream().map(append -> append.result().message().id()).toList();
    assertThat(result(otherNode.history("dm:a:b", null, null, 100))).extracting(ChatMessage::id)
        .containsExactlyInAnyOrderElementsOf(stored);
    assertThat(readWholeInbox("b")).extracting(entry -> entry.message().id())
        .containsExactlyInAnyOrderElementsOf(stored);
  }

  private List<InboxEntries.Entry> readWholeInbox(String user) throws Exception {
    List<InboxEntries.Entry> entries = new ArrayList<>();
    InboxEntries page;
    do {
      page = result(store.inbox(user, entries.size(), 128));
      entries.addAll(page.entries());
    } while (!page.entries().isEmpty());
    assertThat(page.lastSeq()).isEqualTo(entries.size());
    return entries;
  }

  @Test
  @DisplayName("an append gives each distinct recipient the next sequence and reports them")
  void appendReportsSequences() throws Exception {
    result(store.append(message(1, "dm:a:b", "a", "c1"), List.of("a", "b")));

    Appended second = result(store.append(message(2, "dm:b:c", "b", "c2"), List.of("c", "b", "c")));

    assertThat(second.duplicate()).isFalse();
    assertThat(second.message()).isEqualTo(message(2, "dm:b:c", "b", "c2"));
    assertThat(second.seqs()).containsExactlyInAnyOrderEntriesOf(Map.of("c", 1L, "b", 2L));
    assertThat(result(store.inbox("c", 0, 10)).entries()).hasSize(1);
  }

  @Test
  @DisplayName("a resend writes nothing and returns the original message and the sender's original sequence")
  void resendIsIdempotent() throws Exception {
    ChatMessage original = message(10, "dm:a:b", "a", "same");
    result(store.append(message(5, "dm:a:b", "a", "earlier"), List.of("a", "b")));
    Appended first = result(store.append(original, List.of("a", "b")));

    Appended resend = result(store.append(message(11, "dm:a:b", "a", "same"), List.of("a", "b")));

    assertThat(first.duplicate()).isFalse();
    assertThat(resend.duplicate()).isTrue();
    assertThat(resend.message()).isEqualTo(original);
    assertThat(resend.seqs()).isEqualTo(Map.of("a", 2L));
    assertThat(result(store.inbox("b", 0, 10)).lastSeq()).isEqualTo(2);
    assertThat(result(store.history("dm:a:b", null, null, 10))).extracting(ChatMessage::id).containsExactly(5L, 10L);
  }

  @Test
  @DisplayName("a resend of a message the sender got no inbox entry for returns no sequence")
  void resendWithoutSenderEntry() throws Exception {
    result(store.append(message(1, "group:g", "a", "x"), List.of("b")));

    Appended resend = result(store.append(message(2, "group:g", "a", "x"), List.of("b")));

    assertThat(resend.duplicate()).isTrue();
    assertThat(resend.seqs()).isEmpty();
    assertThat(result(store.inbox("b", 0, 10)).lastSeq()).isEqualTo(1);
  }

  @Test
  @DisplayName("the same client message id from another sender is a new message")
  void clientIdsArePerSender() throws Exception {
    result(store.append(message(1, "dm:a:b", "a", "x"), List.of("a", "b")));

    Appended other = result(store.append(message(2, "dm:a:b", "b", "x"), List.of("a", "b")));

    assertThat(other.duplicate()).isFalse();
    assertThat(other.seqs()).isEqualTo(Map.of("a", 2L, "b", 2L));
  }

  @Test
  @DisplayName("concurrent resends of one message store it once and all answer with the first")
  void concurrentResendsAreIdempotent() throws Exception {
    List<Future<Appended>> appends = IntStream.range(0, 50)
        .mapToObj(i -> store.append(message(100 + i, "dm:a:b", "a", "burst"), List.of("a", "b")))
        .toList();
    result(Future.all(appends));

    List<Appended> results = appends.stream().map(Future::result).toList();
    assertThat(results).filteredOn(appended -> !appended.duplicate()).hasSize(1);
    Appended winner = results.stream().filter(appended -> !appended.duplicate()).findFirst().orElseThrow();
    assertThat(results).allSatisfy(appended -> {
      assertThat(appended.message()).isEqualTo(winner.message());
      assertThat(appended.seqs()).containsEntry("a", 1L);
    });
    assertThat(result(store.inbox("a", 0, 100)).entries()).hasSize(1);
    assertThat(result(store.inbox("b", 0, 100)).entries()).hasSize(1);
    assertThat(result(store.history("dm:a:b", null, null, 100))).containsExactly(winner.message());
  }

  @Test
  @DisplayName("history pages by id before, after and between, and keeps conversations apart")
  void historyPaging() throws Exception {
    for (long id = 10; id <= 100; id += 10) {
      result(store.append(message(id, "room", "a", "r" + id), List.of("a")));
      result(store.append(message(id + 5, "other", "a", "o" + id), List.of("a")));
    }

    assertThat(ids("room", null, null, 3)).containsExactly(80L, 90L, 100L);
    assertThat(ids("room", 80L, null, 3)).containsExactly(50L, 60L, 70L);
    assertThat(ids("room", 25L, null, 5)).containsExactly(10L, 20L);
    assertThat(ids("room", null, 30L, 3)).containsExactly(40L, 50L, 60L);
    assertThat(ids("room", null, 95L, 3)).containsExactly(100L);
    assertThat(ids("room", null, 100L, 3)).isEmpty();
    assertThat(ids("room", 70L, 30L, 10)).containsExactly(40L, 50L, 60L);
    assertThat(ids("room", null, null, 0)).isEmpty();
    assertThat(ids("nowhere", null, null, 10)).isEmpty();
    assertThat(result(store.history("room", 20L, null, 1))).containsExactly(message(10, "room", "a", "r10"));
  }

  @Test
  @DisplayName("history pages the same over months of messages as over one day's")
  void historyOverMonths() throws Exception {
    // ids carry their millisecond in the bits above 22 (IdGenerator); these lie days and weeks apart
    List<Long> ids = LongStream.of(0, 5, 12, 25, 40, 41, 90).map(day -> (day * 86_400_000L + 1) << 22).boxed().toList();
    for (long id : ids) {
      result(store.append(message(id, "long-room", "a", "m" + id), List.of("a")));
    }

    assertThat(ids("long-room", null, null, 3)).containsExactlyElementsOf(ids.subList(4, 7));
    assertThat(ids("long-room", null, null, 10)).containsExactlyElementsOf(ids);
    assertThat(ids("long-room", ids.get(4), null, 3)).containsExactlyElementsOf(ids.subList(1, 4));
    assertThat(ids("long-room", null, ids.get(0), 4)).containsExactlyElementsOf(ids.subList(1, 5));
    assertThat(ids("long-room", ids.get(6), ids.get(1), 10)).containsExactlyElementsOf(ids.subList(2, 6));
    assertThat(ids("long-room", ids.get(6), ids.get(1), 2)).containsExactlyElementsOf(ids.subList(2, 4));
  }

  private List<Long> ids(String conversation, Long before, Long after, int limit) throws Exception {
    return result(store.history(conversation, before, after, limit)).stream().map(ChatMessage::id).toList();
  }

  @Test
  @DisplayName("an inbox reads in pages after a sequence and reports its last sequence")
  void inboxPaging() throws Exception {
    List<ChatMessage> sent = LongStream.rangeClosed(1, 5).mapToObj(id -> message(id, "dm:a:b", "a", "p" + id)).toList();
    for (ChatMessage message : sent) {
      result(store.append(message, List.of("b")));
    }

    InboxEntries first = result(store.inbox("b", 0, 2));
    InboxEntries rest = result(store.inbox("b", 2, 10));
    InboxEntries end = result(store.inbox("b", 5, 10));

    assertThat(first.entries())
        .containsExactly(new InboxEntries.Entry(1, sent.get(0)), new InboxEntries.Entry(2, sent.get(1)));
    assertThat(first.lastSeq()).isEqualTo(5);
    assertThat(rest.entries()).extracting(InboxEntries.Entry::seq).containsExactly(3L, 4L, 5L);
    assertThat(rest.entries()).extracting(InboxEntries.Entry::message).containsExactlyElementsOf(sent.subList(2, 5));
    assertThat(end.entries()).isEmpty();
    assertThat(end.lastSeq()).isEqualTo(5);
    assertThat(result(store.inbox("nobody", 0, 10))).isEqualTo(new InboxEntries(List.of(), 0));
  }

  @Test
  @DisplayName("a long text fanned out to a full group reads back whole from every inbox")
  void largeFanOut() throws Exception {
    List<String> members = IntStream.range(0, 100).mapToObj(i -> "member" + i).toList();
    String text = "é".repeat(99_999);
    ChatMessage big = new ChatMessage(7, "group:big", "member0", "big", text, 1L);

    result(store.append(big, members));

    for (String member : List.of("member0", "member50", "member99")) {
      assertThat(result(store.inbox(member, 0, 10)).entries()).containsExactly(new InboxEntries.Entry(1, big));
    }
  }

  @Test
  @DisplayName("a read cursor only moves forward and is listed per member")
  void readCursorsMoveForward() throws Exception {
    assertThat(result(store.markRead("room", "a", 50))).isEqualTo(50);
    assertThat(result(store.markRead("room", "a", 30))).isEqualTo(50);
    assertThat(result(store.markRead("room", "a", 70))).isEqualTo(70);
    result(store.markRead("room", "b", 20));
    result(store.markRead("other", "a", 90));

    assertThat(result(store.readCursors("room"))).isEqualTo(Map.of("a", 70L, "b", 20L));
    assertThat(result(store.readCursors("empty"))).isEmpty();
  }

  @Test
  @DisplayName("the conversation list puts the latest activity first, each conversation once, with its last message")
  void conversationListOrder() throws Exception {
    ChatMessage first = message(10, "dm:a:b", "a", "c1");
    ChatMessage group = message(11, "group:g", "c", "c2");
    ChatMessage last = message(12, "dm:a:b", "b", "c3");
    result(store.append(first, List.of("a", "b")));
    result(store.append(group, List.of("c", "a")));
    result(store.append(last, List.of("b", "a")));

    assertThat(result(store.conversations("a", null, 10))).containsExactly(
        new ConversationActivity("dm:a:b", last), new ConversationActivity("group:g", group));
    assertThat(result(store.conversations("c", null, 10))).containsExactly(new ConversationActivity("group:g", group));
    assertThat(result(store.conversations("a", 12L, 10))).containsExactly(new ConversationActivity("group:g", group));
    assertThat(result(store.conversations("a", 11L, 10))).isEmpty();
    assertThat(result(store.conversations("nobody", null, 10))).isEmpty();
  }

  @Test
  @DisplayName("paging the conversation list with before lists every conversation exactly once, newest first")
  void conversationListPaging() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String conversation = "conv" + (i % 23);
      result(store.append(message(100 + i, conversation, "a", "p" + i), List.of("a", "other" + i)));
      expected.remove(conversation);
      expected.add(0, conversation);
    }
    List<String> listed = new ArrayList<>();
    Long before = null;
    for (List<ConversationActivity> page = result(store.conversations("a", null, 7)); !page.isEmpty();
        page = result(store.conversations("a", before, 7))) {
      assertThat(page.size()).isLessThanOrEqualTo(7);
      page.forEach(line -> listed.add(line.conversationId()));
      before = page.get(page.size() - 1).lastMessage().id();
    }
    assertThat(listed).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("a member who missed messages (left, then came back) sees the conversation once, at its latest")
  void conversationListAfterRejoin() throws Exception {
    result(store.append(message(20, "group:r", "a", "r1"), List.of("a", "b")));
    result(store.append(message(21, "dm:b:z", "b", "r2"), List.of("b", "z")));
    result(store.append(message(22, "group:r", "a", "r3"), List.of("a")));
    ChatMessage back = message(23, "group:r", "a", "r4");
    result(store.append(back, List.of("a", "b")));

    List<ConversationActivity> lines = result(store.conversations("b", null, 10));
    assertThat(lines).extracting(ConversationActivity::conversationId).containsExactly("group:r", "dm:b:z");
    assertThat(lines.get(0).lastMessage()).isEqualTo(back);
    assertThat(result(store.conversations("b", 21L, 10))).isEmpty();
  }

  @Test
  @DisplayName("an append of an older message than the conversation's last leaves the list at the newer one")
  void conversationListIgnoresOlder() throws Exception {
    ChatMessage newer = message(31, "dm:a:b", "a", "o1");
    result(store.append(newer, List.of("a", "b")));
    result(store.append(message(30, "dm:a:b", "b", "o2"), List.of("a", "b")));

    assertThat(result(store.conversations("a", null, 10))).containsExactly(new ConversationActivity("dm:a:b", newer));
    assertThat(result(store.conversations("b", 31L, 10))).isEmpty();
  }

  @Test
  @DisplayName("system messages and account events keep their kind in history and inbox; events are never listed")
  void kindsRoundTrip() throws Exception {
    ChatMessage system = new ChatMessage(40, "group:k", "a", "system:40", "{\"type\":\"member.added\"}", 5L,
        ChatMessage.SYSTEM);
    ChatMessage event = new ChatMessage(41, "user:a", "a", "event:41", "{\"type\":\"friend.requested\"}", 6L,
        ChatMessage.EVENT);
    ChatMessage text = message(42, "dm:a:b", "a", "t42");
    result(store.append(system, List.of("a", "b")));
    result(store.append(event, List.of("b", "a")));
    result(store.append(text, List.of("a", "b")));

    assertThat(result(store.inbox("b", 0, 10)).entries()).extracting(InboxEntries.Entry::message)
        .containsExactly(system, event, text);
    assertThat(result(store.history("group:k", null, null, 10))).containsExactly(system);
    assertThat(result(store.conversations("b", null, 10))).extracting(ConversationActivity::conversationId)
        .containsExactly("dm:a:b", "group:k");
  }
}
