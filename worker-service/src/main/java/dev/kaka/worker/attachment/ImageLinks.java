package dev.kaka.worker.attachment;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images of rendered GitHub text ({@code body_html}) that are files attached on GitHub: on a
 * private repository their {@code src} is a signed link that needs no token, on a public one the
 * {@code user-attachments} URL itself. Images from anywhere else are left alone.
 */
final class ImageLinks {

  private static final Pattern IMAGE_SOURCE =
      Pattern.compile("(?i)<img\\s[^>]*?\\bsrc\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)");

  private final List<String> allowed;

  /**
   * @param webUrl the GitHub server's address, whose {@code /user-attachments/assets/} holds files
   * @param imageUrls the other addresses where GitHub serves attached images
   */
  ImageLinks(String webUrl, List<String> imageUrls) {
    List<String> prefixes = new ArrayList<>(List.of(webUrl + "/user-attachments/assets/"));
    prefixes.addAll(imageUrls);
    this.allowed = List.copyOf(prefixes);
  }

  /** The attached images of {@code html}, each once, in order. */
  List<URI> in(String html) {
    Set<URI> links = new LinkedHashSet<>();
    Matcher images = IMAGE_SOURCE.matcher(html == null ? "" : html);
    while (images.find()) {
      String source = unescaped(unquoted(images.group(1)));
      if (allowed.stream().anyMatch(source::startsWith) && !source.contains("..")) {
        try {
          links.add(URI.create(source));
        } catch (IllegalArgumentException notAUri) {
          // GitHub writes valid links; anything else is no image of its
        }
      }
    }
    return List.copyOf(links);
  }

  private static String unquoted(String value) {
    return value.startsWith("\"") || value.startsWith("'")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private static String unescaped(String attribute) {
    return attribute
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
