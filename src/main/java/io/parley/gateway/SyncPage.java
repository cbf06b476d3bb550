package io.parley.gateway;

import io.netty.buffer.ByteBufUtil;
import io.parley.bus.InboxPage;
import io.parley.protocol.ServerFrames;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code sync.page} frame built from an inbox page, holding entries while the frame stays within its byte budget
 * (always at least one). Bytes are counted as they go on the wire, in UTF-8 of the encoded entries: counted in
 * UTF-16 chars, a page of CJK text would be three times its budget.
 */
final class SyncPage {
  /** Room for the frame's own fields around the entries: type, a ref of up to 64 characters, caughtUp, lastSeq. */
  private static final int FRAME_OVERHEAD_BYTES = 512;

  private final List<String> entries = new ArrayList<>();
  private long reached;

  private SyncPage(long after) {
    this.reached = after;
  }

  static SyncPage of(InboxPage page, long after, int budgetBytes) {
    SyncPage sync = new SyncPage(after);
    long bytes = FRAME_OVERHEAD_BYTES;
    for (InboxPage.Entry entry : page.entries()) {
      String encoded = ServerFrames.syncEntry(entry.seq(), entry.message().toJson().encode());
      // one byte more for the comma between entries
      bytes += ByteBufUtil.utf8Bytes(encoded) + 1;
      if (!sync.entries.isEmpty() && bytes > budgetBytes) {
        break;
      }
      sync.entries.add(encoded);
      sync.reached = entry.seq();
    }
    return sync;
  }

  /** The highest sequence the page carries, or the sync's {@code after} when it carries none. */
  long reached() {
    return reached;
  }

  String frame(String ref, long lastSeq) {
    return ServerFrames.syncPage(ref, entries, reached >= lastSeq, lastSeq);
  }
}
