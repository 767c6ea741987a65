package dev.kaka.support.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GitHub App's private key from its PEM file. GitHub hands out PKCS#1 ({@code BEGIN RSA
 * PRIVATE KEY}), which the JDK's {@link KeyFactory} does not read; it reads PKCS#8 ({@code BEGIN
 * PRIVATE KEY}), so a PKCS#1 key is wrapped in the PKCS#8 envelope first. No message ever quotes
 * the file's content: it is a secret, and a partly valid one still is.
 */
public final class AppPrivateKey {

  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN (RSA PRIVATE KEY|PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** The DER of PKCS#8's algorithm identifier for RSA: OID 1.2.840.113549.1.1.1, no parameters. */
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

  private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};
  private static final int SEQUENCE = 0x30;
  private static final int OCTET_STRING = 0x04;

  private AppPrivateKey() {}

  /**
   * The RSA key in {@code file}.
   *
   * @throws IllegalArgumentException if the file cannot be read or holds no usable RSA key; the
   *     message names the file, never its content
   */
  public static PrivateKey load(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw invalid(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return parse(pem, file);
  }

  static PrivateKey parse(String pem, Path source) {
    if (pem.contains("ENCRYPTED")) {
      throw invalid(source, "holds an encrypted key; use the unencrypted key GitHub hands out");
    }
    Matcher block = PEM.matcher(pem);
    if (!block.find()) {
      throw invalid(
          source,
          "holds no PEM private key (-----BEGIN RSA PRIVATE KEY----- as GitHub hands it out,"
              + " or -----BEGIN PRIVATE KEY-----)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(block.group(2).strip());
    } catch (IllegalArgumentException notBase64) {
      throw invalid(source, "holds a PEM block that is not base64");
    }
    byte[] pkcs8 = block.group(1).equals("RSA PRIVATE KEY") ? pkcs8Of(der) : der;
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw invalid(source, "holds no RSA private key the JDK can read");
    }
  }

  /**
   * PKCS#8's {@code PrivateKeyInfo} around a PKCS#1 {@code RSAPrivateKey}: version 0, the RSA
   * algorithm identifier, and the PKCS#1 bytes as an octet string.
   */
  static byte[] pkcs8Of(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(VERSION_ZERO);
    body.writeBytes(RSA_ALGORITHM);
    body.write(OCTET_STRING);
    body.writeBytes(derLength(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.write(SEQUENCE);
    info.writeBytes(derLength(body.size()));
    info.writeBytes(body.toByteArray());
    return info.toByteArray();
  }

  /** DER's length: one byte below 128, else 0x80 + the count of big-endian bytes that follow. */
  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
    byte[] encoded = new byte[1 + bytes];
    encoded[0] = (byte) (0x80 | bytes);
    for (int i = 0; i < bytes; i++) {
      encoded[bytes - i] = (byte) (length >>> (8 * i));
    }
    return encoded;
  }

  private static IllegalArgumentException invalid(Path source, String problem) {
    return new IllegalArgumentException(
        "The GitHub App's private key (kaka.github.app-private-key-file) "
            + (source == null ? "" : source.toAbsolutePath() + " ")
            + problem);
  }
}
