package io.parley.storage;

import io.parley.model.ChatMessage;

import java.util.Map;

/**
 * What a {@link MessageStore#append} made durable. The storage verticle turns it into the bus's
 * {@code AppendResult}, so a store never depends on what travels on the bus.
 *
 * @param message   the stored message; for a duplicate, the one first stored under its client message id
 * @param seqs      inbox sequence given to each recipient; for a duplicate, only the sender's
 * @param duplicate true when nothing new was written
 */
public record Appended(ChatMessage message, Map<String, Long> seqs, boolean duplicate) {
}
