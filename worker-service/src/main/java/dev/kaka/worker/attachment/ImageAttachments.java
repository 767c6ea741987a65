package dev.kaka.worker.attachment;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.support.github.AppPermissions;
import dev.kaka.support.github.GitHubApp;
import dev.kaka.support.github.GitHubAppException;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import dev.kaka.worker.git.Directories;
import dev.kaka.worker.git.GitProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the images attached to a task's issue and to the comment that triggered it into a directory
 * of the task's own, for the agent to look at. Only GitHub's attached files are fetched ({@link
 * ImageLinks}), at most {@value #MAX_IMAGES}, each at most 10 MB, and each only when its bytes are
 * a PNG, JPEG, GIF or WebP image, whatever the server says it is. No fetch fails the task: an image
 * that cannot be had is skipped, with the reason for the prompt. The signed links are never logged.
 */
public final class ImageAttachments {

  private static final Logger log = LoggerFactory.getLogger(ImageAttachments.class);

  static final int MAX_IMAGES = 10;
  static final long MAX_BYTES = 10L * 1024 * 1024;

  // how GitHub's Markdown writes an image; text without one costs no call to GitHub
  private static final Pattern IMAGE_MARKUP = Pattern.compile("(?i)!\\[|<img\\s");
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  private final Path root;
  private final IssueHtml issues;
  private final ImageLinks links;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param root where each task's directory is made; keep it out of the agent's sandbox
   * @param issues reads the issue's rendered text, with the repository's token
   */
  ImageAttachments(
      Path root, IssueHtml issues, ImageLinks links, HttpClient http, Duration timeout) {
    this.root = root;
    this.issues = issues;
    this.links = links;
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * What the tokens that read an issue's text may do as a GitHub App: read issues (which covers a
   * pull request's conversation), nothing else; the worker's git tokens stay held to contents.
   */
  static final AppPermissions APP_PERMISSIONS =
      new AppPermissions(Map.of("issues", AppPermissions.Access.READ));

  /**
   * The images of the GitHub server of {@code github}, read with its personal token, else with
   * installation tokens of {@code app}, else anonymously.
   */
  public static ImageAttachments of(
      AttachmentProperties properties,
      GitProperties git,
      GitHubProperties github,
      Optional<GitHubApp> app) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(properties.timeout())
            .build();
    RepositoryTokens tokens = RepositoryTokens.of(github, app, APP_PERMISSIONS);
    return new ImageAttachments(
        rootOf(git),
        new IssueHtml(http, github.apiUrl(), tokens, properties.timeout()),
        new ImageLinks(github.server().webUrl(), properties.imageUrls()),
        http,
        properties.timeout());
  }

  /**
   * Where the tasks' directories are made: beside the workspaces, as the sandbox's runs are. Each
   * run reads its own task's directory only.
   */
  public static Path rootOf(GitProperties git) {
    return git.workspaceDir().toAbsolutePath().resolveSibling("attachments");
  }

  /** The task's images, saved; never fails. */
  public IssueImages of(IssueTriggered task) {
    if (!IMAGE_MARKUP.matcher(task.issueBody()).find()
        && !IMAGE_MARKUP.matcher(task.trigger().instructions()).find()) {
      return IssueImages.NONE;
    }
    List<URI> found = new ArrayList<>();
    try {
      for (String html : issues.of(task)) {
        links.in(html).stream().filter(link -> !found.contains(link)).forEach(found::add);
      }
    } catch (IOException | GitHubAppException e) {
      return unread("GitHub did not serve the issue's text (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unread("the worker was interrupted while reading the issue");
    }
    return saved(task, found);
  }

  private static IssueImages unread(String reason) {
    return new IssueImages(null, List.of(), List.of("the issue's images: " + reason));
  }

  private IssueImages saved(IssueTriggered task, List<URI> found) {
    Path directory = root.resolve(UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    List<Path> saved = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (int index = 0; index < found.size(); index++) {
      String name = nameOf(found.get(index), index);
      if (index >= MAX_IMAGES) {
        skipped.add(name + ": only the first " + MAX_IMAGES + " images are used");
        continue;
      }
      try {
        Optional<String> problem = save(found.get(index), directory, index, saved);
        problem.ifPresent(reason -> skipped.add(name + ": " + reason));
      } catch (IOException e) {
        skipped.add(name + ": it could not be fetched (" + e.getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        skipped.add(name + ": the worker was interrupted");
        break;
      }
    }
    log.info(
        "Task {}: {} image(s) of the issue saved, {} skipped",
        task.taskId(),
        saved.size(),
        skipped.size());
    return new IssueImages(directory, saved, skipped);
  }

  /** Saves the image at {@code link} into {@code saved}; why it was not, if it was not. */
  private Optional<String> save(URI link, Path directory, int index, List<Path> saved)
      throws IOException, InterruptedException {
    // no Authorization header: the link is signed, or the repository public
    HttpRequest request =
        HttpRequest.newBuilder(link).timeout(timeout).header("User-Agent", "kaka").build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        return Optional.of("GitHub answered " + response.statusCode());
      }
      if (response.headers().firstValueAsLong("Content-Length").orElse(0) > MAX_BYTES) {
        return Optional.of("it is larger than 10 MB");
      }
      byte[] content = body.readNBytes((int) MAX_BYTES + 1);
      if (content.length > MAX_BYTES) {
        return Optional.of("it is larger than 10 MB");
      }
      Optional<ImageType> type = ImageType.of(content);
      if (type.isEmpty()) {
        return Optional.of("its content is not a PNG, JPEG, GIF or WebP image");
      }
      Directories.createOwnerOnly(directory);
      Path file =
          directory.resolve(
              String.format(Locale.ROOT, "image-%02d.%s", index + 1, type.get().extension()));
      saved.add(Files.write(file, content));
      return Optional.empty();
    }
  }

  /** The link's file name, for the prompt: never its query, which holds the signature. */
  private static String nameOf(URI link, int index) {
    String path = link.getPath() == null ? "" : link.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return FILE_NAME.matcher(last).matches() ? "`" + last + "`" : "image " + (index + 1);
  }
}
