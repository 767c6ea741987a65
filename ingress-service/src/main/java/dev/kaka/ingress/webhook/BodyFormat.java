package dev.kaka.ingress.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The two content types a GitHub webhook can be configured with. The signature covers the body as
 * sent, so a form body is decoded only after the signature was checked.
 */
enum BodyFormat {

  /** {@code application/json}: the body is the payload. */
  JSON,

  /** {@code application/x-www-form-urlencoded}: the payload is the {@code payload} field. */
  FORM;

  private static final String PAYLOAD_FIELD = "payload";

  /** The format a {@code Content-Type} header names; empty for any other type or none. */
  static Optional<BodyFormat> of(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int parameters = contentType.indexOf(';');
    String type =
        (parameters < 0 ? contentType : contentType.substring(0, parameters))
            .strip()
            .toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/json" -> Optional.of(JSON);
      case "application/x-www-form-urlencoded" -> Optional.of(FORM);
      default -> Optional.empty();
    };
  }

  /**
   * The JSON payload inside a body of this format; empty when a form has no single {@code payload}
   * field or its encoding is broken.
   */
  Optional<byte[]> payload(byte[] body) {
    if (this == JSON) {
      return Optional.of(body);
    }
    String form = new String(body, StandardCharsets.US_ASCII);
    String payload = null;
    for (String field : form.split("&")) {
      int equals = field.indexOf('=');
      String name = equals < 0 ? field : field.substring(0, equals);
      Optional<String> decodedName = decode(name);
      if (decodedName.isEmpty()) {
        return Optional.empty();
      }
      if (decodedName.get().equals(PAYLOAD_FIELD)) {
        Optional<String> value = decode(equals < 0 ? "" : field.substring(equals + 1));
        if (payload != null || value.isEmpty()) {
          // two payloads would leave it open which one the signature was meant for
          return Optional.empty();
        }
        payload = value.get();
      }
    }
    return Optional.ofNullable(payload).map(json -> json.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> decode(String text) {
    try {
      return Optional.of(URLDecoder.decode(text, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException brokenEscape) {
      return Optional.empty();
    }
  }
}
