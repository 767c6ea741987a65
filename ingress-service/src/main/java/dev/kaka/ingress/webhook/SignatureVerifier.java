package dev.kaka.ingress.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks GitHub's {@code X-Hub-Signature-256} header: {@code sha256=} followed by the hex
 * HMAC-SHA256 of the raw body. Several secrets may be valid at once, so a secret can be rotated
 * without dropping deliveries.
 */
final class SignatureVerifier {

  private static final String PREFIX = "sha256=";
  private static final int HEX_LENGTH = 64;

  private final List<SecretKeySpec> keys;

  SignatureVerifier(List<String> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one webhook secret is required");
    }
    this.keys =
        secrets.stream()
            .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
            .toList();
  }

  boolean isValid(String signatureHeader, byte[] body) {
    byte[] claimed = parse(signatureHeader);
    if (claimed == null) {
      return false;
    }
    boolean valid = false;
    for (SecretKeySpec key : keys) {
      // every key is tried, so the time taken does not tell which one matched
      valid |= MessageDigest.isEqual(claimed, hmac(key, body));
    }
    return valid;
  }

  private static byte[] parse(String header) {
    if (header == null
        || !header.startsWith(PREFIX)
        || header.length() != PREFIX.length() + HEX_LENGTH) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(header, PREFIX.length(), header.length());
    } catch (IllegalArgumentException notHex) {
      return null;
    }
  }

  private static byte[] hmac(SecretKeySpec key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
