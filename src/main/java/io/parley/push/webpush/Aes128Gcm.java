package io.parley.push.webpush;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188): a fresh P-256 key
 * pair per message, ECDH with the browser's {@code p256dh} key, HKDF-SHA-256 keyed by its {@code auth} secret, one
 * AES-128-GCM record. HKDF is two HMAC-SHA-256 steps written out (RFC 5869), the rest is JDK crypto.
 */
final class Aes128Gcm {
  /** The record size written in the header; one record holds any payload under 4 KB. */
  private static final int RECORD_SIZE = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Aes128Gcm() {
  }

  /** The request body: header (salt, record size, sender key) then the one encrypted record. */
  static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) throws GeneralSecurityException {
    KeyPair ephemeral = P256.generate();
    byte[] asPublic = P256.encode((ECPublicKey) ephemeral.getPublic());
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(ephemeral.getPrivate());
    agreement.doPhase(P256.publicKey(uaPublic), true);
    byte[] ecdhSecret = agreement.generateSecret();

    byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
    byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    // 0x02 ends the last (here the only) record; no padding
    byte[] record = cipher.doFinal(concat(plaintext, new byte[] {2}));
    ByteBuffer header = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length);
    header.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic);
    return concat(header.array(), record);
  }

  /** HKDF-SHA-256 (RFC 5869) for outputs of at most one block. */
  private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
    byte[] prk = hmac(salt, ikm);
    return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
