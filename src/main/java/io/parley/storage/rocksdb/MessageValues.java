package io.parley.storage.rocksdb;

import io.parley.model.ChatMessage;

/**
 * Binary values of the message store, compact because every append writes them. A value leaves out what its key
 * already holds, and a text message its kind: only system messages and events end with it, so values written before
 * kinds existed still read as text messages.
 */
final class MessageValues {

  /** Where a message is stored, and for an idempotency entry the sender's inbox sequence (0 for none). */
  record Reference(String conversationId, long messageId, long senderSeq) {
  }

  private MessageValues() {
  }

  static byte[] message(ChatMessage message) {
    Encoder value = new Encoder().string(message.senderId()).string(message.clientMessageId())
        .string(message.text()).number(message.timestamp());
    return (message.isText() ? value : value.string(message.kind())).bytes();
  }

  static ChatMessage message(String conversationId, long id, byte[] value) {
    Decoder decoder = new Decoder(value);
    return new ChatMessage(id, conversationId, decoder.string(), decoder.string(), decoder.string(),
        decoder.number(), decoder.hasMore() ? decoder.string() : ChatMessage.TEXT);
  }

  static byte[] reference(Reference reference) {
    return new Encoder().string(reference.conversationId()).number(reference.messageId())
        .number(reference.senderSeq()).bytes();
  }

  static Reference reference(byte[] value) {
    Decoder decoder = new Decoder(value);
    return new Reference(decoder.string(), decoder.number(), decoder.number());
  }
}
