package dev.kaka.testkit.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the PKCS#1 PEM that GitHub (and the fake) hand out into a key that github-api's
 * JWTTokenProvider takes: the JDK reads only PKCS#8, so the PKCS#1 key is wrapped into it.
 */
final class Pkcs1Pem {

  /** {@code SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }} */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** {@code INTEGER 0} */
  private static final byte[] VERSION = {0x02, 0x01, 0x00};

  private Pkcs1Pem() {}

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    if (!pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\n")) {
      throw new IllegalArgumentException("Not a PKCS#1 PEM: " + pem.lines().findFirst());
    }
    byte[] pkcs1 = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.writeBytes(VERSION);
    info.writeBytes(RSA_ALGORITHM);
    info.writeBytes(der(0x04, pkcs1));
    byte[] pkcs8 = der(0x30, info.toByteArray());
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  private static byte[] der(int tag, byte[] contents) {
    ByteArrayOutputStream element = new ByteArrayOutputStream();
    element.write(tag);
    int length = contents.length;
    if (length < 0x80) {
      element.write(length);
    } else {
      int lengthBytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      element.write(0x80 | lengthBytes);
      for (int i = lengthBytes - 1; i >= 0; i--) {
        element.write(length >>> (8 * i));
      }
    }
    element.writeBytes(contents);
    return element.toByteArray();
  }
}
