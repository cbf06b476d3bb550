package io.parley.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A short key standing for a conversation in a push service's collapse field (Web Push {@code Topic}, FCM
 * {@code collapse_key}): base64url of the first bytes of the id's SHA-256, so it fits their limits and carries no ids.
 */
public final class ConversationKey {
  private ConversationKey() {
  }

  /** {@code bytes} of the hash: 24 give 32 characters, 12 give 16. */
  public static String of(String conversationId, int bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(conversationId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
