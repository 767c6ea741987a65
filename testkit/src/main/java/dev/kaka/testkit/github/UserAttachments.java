package dev.kaka.testkit.github;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files people attached to issues and comments, as GitHub keeps them: each has a {@code
 * /user-attachments/assets/<id>} URL, which a person pastes into the text and which a private
 * repository serves only to a signed-in caller; and {@code body_html} shows it through a {@code
 * /private-user-images/...?jwt=...} link that anyone holding it may fetch for a few minutes.
 */
final class UserAttachments {

  static final String ASSETS_PATH = "/user-attachments/assets/";
  static final String SIGNED_PATH = "/private-user-images/";

  /** GitHub's signed links last five minutes. */
  private static final Duration SIGNED_FOR = Duration.ofMinutes(5);

  private static final Pattern ASSET_LINK = Pattern.compile("(https?://[^\\s\"')<>&]+)");

  private final String webUrl;
  private final Clock clock;
  private final Map<String, Asset> assets = new ConcurrentHashMap<>();
  private final Map<String, Signed> signatures = new ConcurrentHashMap<>();
  private final List<AttachmentDownload> downloads = new CopyOnWriteArrayList<>();

  UserAttachments(String webUrl, Clock clock) {
    this.webUrl = webUrl;
    this.clock = clock;
  }

  /** A stored file and the type the upload claimed. */
  record Asset(String id, String fileName, String contentType, byte[] content) {}

  private record Signed(String assetId, Instant until) {}

  /** Keeps {@code content} and returns the URL a person would paste. */
  String upload(String fileName, String contentType, byte[] content) {
    String id = UUID.randomUUID().toString();
    assets.put(id, new Asset(id, fileName, contentType, content.clone()));
    return webUrl + ASSETS_PATH + id;
  }

  Optional<Asset> asset(String id) {
    return Optional.ofNullable(assets.get(id));
  }

  /** The asset a signed link names, while its signature holds. */
  Optional<Asset> signed(String jwt) {
    Signed signed = jwt == null ? null : signatures.get(jwt);
    if (signed == null || !clock.instant().isBefore(signed.until())) {
      return Optional.empty();
    }
    return asset(signed.assetId());
  }

  void served(String path, boolean withAuthorization, int status) {
    downloads.add(new AttachmentDownload(path, withAuthorization, status));
  }

  List<AttachmentDownload> downloads() {
    return List.copyOf(downloads);
  }

  /**
   * {@code markdown} as {@code body_html}: escaped text in a paragraph, each image of an attached
   * file a link and an image through a newly signed URL, with the alt text as GitHub keeps it.
   */
  String html(String markdown) {
    String escaped = escape(markdown == null ? "" : markdown);
    Matcher links = ASSET_LINK.matcher(escaped);
    StringBuilder html = new StringBuilder("<p>");
    int from = 0;
    while (links.find()) {
      html.append(escaped, from, links.start());
      html.append(rendered(links.group(1)));
      from = links.end();
    }
    return html.append(escaped.substring(from)).append("</p>").toString();
  }

  private String rendered(String url) {
    if (!url.startsWith(webUrl + ASSETS_PATH)) {
      return url;
    }
    String id = url.substring((webUrl + ASSETS_PATH).length());
    Asset asset = assets.get(id);
    if (asset == null) {
      return url;
    }
    String signed = sign(asset);
    return "<a target=\"_blank\" rel=\"noopener noreferrer\" href=\""
        + signed
        + "\"><img src=\""
        + signed
        + "\" alt=\""
        + escape(asset.fileName())
        + "\" style=\"max-width: 100%;\"></a>";
  }

  private String sign(Asset asset) {
    String jwt =
        UUID.randomUUID().toString().replace("-", "")
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(asset.id().getBytes(StandardCharsets.UTF_8));
    signatures.put(jwt, new Signed(asset.id(), clock.instant().plus(SIGNED_FOR)));
    return webUrl
        + SIGNED_PATH
        + "583231/"
        + asset.id()
        + "-"
        + asset.fileName()
        + "?jwt="
        + jwt
        + "&amp;X-Amz-Algorithm=AWS4-HMAC-SHA256";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
