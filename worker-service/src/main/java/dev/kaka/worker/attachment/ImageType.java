package dev.kaka.worker.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The image types the agent can look at, told by their first bytes: what a server or a file name
 * claims is not believed.
 */
enum ImageType {
  PNG("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
  JPEG("jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
  GIF("gif", "GIF8".getBytes(StandardCharsets.US_ASCII)),
  WEBP("webp", "RIFF".getBytes(StandardCharsets.US_ASCII));

  private static final byte[] WEBP_FORMAT = "WEBP".getBytes(StandardCharsets.US_ASCII);

  private final String extension;
  private final byte[] magic;

  ImageType(String extension, byte[] magic) {
    this.extension = extension;
    this.magic = magic;
  }

  String extension() {
    return extension;
  }

  /** The type {@code content} starts like, if any of these. */
  static Optional<ImageType> of(byte[] content) {
    for (ImageType type : values()) {
      if (startsWith(content, 0, type.magic)
          && (type != WEBP || startsWith(content, 8, WEBP_FORMAT))) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] content, int offset, byte[] prefix) {
    return content.length >= offset + prefix.length
        && Arrays.equals(content, offset, offset + prefix.length, prefix, 0, prefix.length);
  }
}
