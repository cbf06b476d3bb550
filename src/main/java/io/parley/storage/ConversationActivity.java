package io.parley.storage;

import io.parley.model.ChatMessage;

/**
 * One line of a user's conversation list, from {@link MessageStore#conversations}: a conversation and the last
 * message of it that reached the user's inbox, whose id orders the list.
 */
public record ConversationActivity(String conversationId, ChatMessage lastMessage) {
}
