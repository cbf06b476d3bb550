package io.parley.push.webpush;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * P-256 keys in the raw forms Web Push uses (RFC 8291, RFC 8292): a public key is the 65-byte uncompressed point
 * {@code 04 || X || Y}, a private key the 32-byte scalar, both base64url without padding on the wire. JDK crypto only.
 */
public final class P256 {
  private static final int FIELD_BYTES = 32;
  private static final ECParameterSpec CURVE = curve();

  private P256() {
  }

  public static KeyPair generate() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** The uncompressed point of {@code key}. */
  public static byte[] encode(ECPublicKey key) {
    byte[] point = new byte[1 + 2 * FIELD_BYTES];
    point[0] = 0x04;
    unsigned(key.getW().getAffineX(), point, 1);
    unsigned(key.getW().getAffineY(), point, 1 + FIELD_BYTES);
    return point;
  }

  public static byte[] encode(ECPrivateKey key) {
    byte[] scalar = new byte[FIELD_BYTES];
    unsigned(key.getS(), scalar, 0);
    return scalar;
  }

  /** A public key from its uncompressed point; refused when it is not one, or not on the curve. */
  public static ECPublicKey publicKey(byte[] point) throws GeneralSecurityException {
    if (point.length != 1 + 2 * FIELD_BYTES || point[0] != 0x04) {
      throw new GeneralSecurityException("not an uncompressed P-256 point");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + FIELD_BYTES));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + FIELD_BYTES, point.length));
    if (!onCurve(x, y)) {
      throw new GeneralSecurityException("point is not on P-256");
    }
    return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), CURVE));
  }

  public static ECPrivateKey privateKey(byte[] scalar) throws GeneralSecurityException {
    if (scalar.length != FIELD_BYTES) {
      throw new GeneralSecurityException("a P-256 private key is 32 bytes");
    }
    return (ECPrivateKey) KeyFactory.getInstance("EC")
        .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), CURVE));
  }

  public static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Base64url with or without padding (browsers send either); standard base64 is accepted too. */
  public static byte[] fromBase64Url(String text) {
    return Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_').replace("=", ""));
  }

  /** y^2 = x^3 + ax + b (mod p): a browser key off the curve would leak the ECDH secret (invalid-curve attack). */
  private static boolean onCurve(BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) CURVE.getCurve().getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger right = x.pow(3).add(CURVE.getCurve().getA().multiply(x)).add(CURVE.getCurve().getB()).mod(p);
    return y.pow(2).mod(p).equals(right);
  }

  private static void unsigned(BigInteger value, byte[] into, int offset) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > FIELD_BYTES ? bytes.length - FIELD_BYTES : 0;
    int length = bytes.length - start;
    System.arraycopy(bytes, start, into, offset + FIELD_BYTES - length, length);
  }

  private static ECParameterSpec curve() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256", e);
    }
  }
}
