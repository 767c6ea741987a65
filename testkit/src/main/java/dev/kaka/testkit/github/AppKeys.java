package dev.kaka.testkit.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

/** An App's RSA key pair, and its private key in the form GitHub hands it out. */
final class AppKeys {

  private static final int SEQUENCE = 0x30;
  private static final int INTEGER = 0x02;
  private static final int OCTET_STRING = 0x04;

  private AppKeys() {}

  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot make RSA keys", e);
    }
  }

  /**
   * The key as GitHub's "Generate a private key" button downloads it: PKCS#1 in PEM, {@code
   * -----BEGIN RSA PRIVATE KEY-----}, which clients must accept as it comes.
   */
  static String pkcs1Pem(PrivateKey key) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pkcs1(key.getEncoded()));
    return "-----BEGIN RSA PRIVATE KEY-----\n" + base64 + "\n-----END RSA PRIVATE KEY-----\n";
  }

  /**
   * The JDK encodes private keys as PKCS#8, {@code SEQUENCE { version INTEGER, algorithm SEQUENCE,
   * privateKey OCTET STRING }}; for RSA that octet string holds the PKCS#1 key.
   */
  private static byte[] pkcs1(byte[] pkcs8) {
    Der info = new Der(new Der(pkcs8).read(SEQUENCE));
    info.read(INTEGER);
    info.read(SEQUENCE);
    return info.read(OCTET_STRING);
  }

  /** Reads DER elements one after the other, as far as unwrapping a PKCS#8 key needs. */
  private static final class Der {

    private final byte[] bytes;
    private int position;

    Der(byte[] bytes) {
      this.bytes = bytes;
    }

    /** The contents of the next element, which must carry {@code tag}. */
    byte[] read(int tag) {
      if ((bytes[position++] & 0xff) != tag) {
        throw new IllegalArgumentException("Not a PKCS#8 RSA key");
      }
      int length = length();
      byte[] contents = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return contents;
    }

    /** Short form below 128; otherwise the low bits count the length bytes that follow. */
    private int length() {
      int first = bytes[position++] & 0xff;
      if (first < 0x80) {
        return first;
      }
      int length = 0;
      for (int i = 0; i < (first & 0x7f); i++) {
        length = (length << 8) | (bytes[position++] & 0xff);
      }
      return length;
    }
  }
}
