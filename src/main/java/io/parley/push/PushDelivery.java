package io.parley.push;

import io.parley.storage.PushNotification;

/**
 * One notification to send to one device: the newest message of a conversation's burst stands for the whole burst.
 *
 * @param latest    the newest notification of the burst; its token, conversation, sender and preview are sent
 * @param collapsed how many messages of this conversation the notification stands for (1 or more)
 * @param unread    how many messages are waiting for this device in every conversation, for a badge
 */
public record PushDelivery(PushNotification latest, int collapsed, int unread) {
}
