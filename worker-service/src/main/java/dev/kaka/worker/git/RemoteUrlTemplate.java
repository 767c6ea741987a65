package dev.kaka.worker.git;

import dev.kaka.support.secrets.SecretMasker;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URL of a repository, made from {@code kaka.git.remote-url} and a task's owner and name. The
 * template fixes the scheme and host, and the names may only fill in path segments, so no payload
 * can make the worker send its token to another host or another repository.
 */
final class RemoteUrlTemplate {

  private static final String OWNER = "{owner}";
  private static final String NAME = "{name}";

  /**
   * GitHub's characters for owner and repository names: none of them can leave a path segment or
   * the cache root, so {@code .} and {@code ..} are the only names to refuse besides.
   */
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private RemoteUrlTemplate() {}

  /**
   * Refuses a template that is not http(s), carries credentials, or lacks either placeholder in its
   * path (one in the host would let a repository name choose the server).
   */
  static void requireValid(String template) {
    String problem = problem(template);
    if (problem != null) {
      throw new IllegalArgumentException(
          "'"
              + SecretMasker.shapesOnly().mask(template)
              + "' is not a usable"
              + " kaka.git.remote-url: "
              + problem);
    }
  }

  static boolean isValidName(String name) {
    return name != null
        && VALID_NAME.matcher(name).matches()
        && !name.equals(".")
        && !name.equals("..");
  }

  static String expand(String template, String owner, String name) {
    if (!isValidName(owner) || !isValidName(name)) {
      throw new IllegalArgumentException("'" + owner + "/" + name + "' is not a valid name");
    }
    return template.replace(OWNER, owner).replace(NAME, name);
  }

  private static String problem(String template) {
    URI uri;
    try {
      uri = new URI(template.replace(OWNER, "owner").replace(NAME, "name"));
    } catch (URISyntaxException e) {
      return "not a URL (" + e.getReason() + ")";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return "it must start with https:// (or http:// for a local server)";
    }
    if (uri.getRawUserInfo() != null) {
      return "it must not contain credentials; the token comes from kaka.github.token";
    }
    if (uri.getHost() == null) {
      return "it names no host";
    }
    int path = template.indexOf('/', template.indexOf("://") + 3);
    if (path < 0 || template.indexOf(OWNER) < path || template.indexOf(NAME) < path) {
      return "it must contain " + OWNER + " and " + NAME + " in its path";
    }
    return null;
  }
}
