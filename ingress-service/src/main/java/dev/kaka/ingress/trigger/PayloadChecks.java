package dev.kaka.ingress.trigger;

import dev.kaka.support.git.BranchNameRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks on payload values that reach git, the agent's prompt or GitHub comments. A signed payload
 * comes from GitHub, but whoever holds a webhook secret can sign anything, so values are checked as
 * if they were hostile: no option-like values, no path tricks, nothing git would read twice.
 */
public final class PayloadChecks {

  // GitHub logins: letters, digits and hyphens, never a leading one (some old accounts have double
  // or trailing hyphens); apps end in [bot]
  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\\[bot])?");

  private static final int MAX_URL_LENGTH = 2048;

  private PayloadChecks() {}

  /** Why {@code login} cannot be a GitHub user's login, or empty when it can. */
  public static Optional<String> loginProblem(String login) {
    return isLogin(login)
        ? Optional.empty()
        : Optional.of("the sender is missing or not a GitHub login");
  }

  /** Whether {@code login} can be a GitHub user's or app's login. */
  public static boolean isLogin(String login) {
    return LOGIN.matcher(login).matches();
  }

  /**
   * Why {@code url}, a plain HTTP(S) URL, is not the clone URL of {@code owner/name}, or empty. The
   * repository a task works on is the one the signed payload names; a clone URL that names another
   * says the payload was put together by hand, and the task would be reported on one repository
   * while its clone URL is shown for another.
   */
  static Optional<String> cloneUrlRepositoryProblem(String url, String owner, String name) {
    String path = URI.create(url).getPath().toLowerCase(Locale.ROOT);
    String repository = ("/" + owner + "/" + name + ".git").toLowerCase(Locale.ROOT);
    return path.endsWith(repository)
        ? Optional.empty()
        : Optional.of("the repository's clone_url does not name " + owner + "/" + name);
  }

  /**
   * Why git must not be pointed at {@code url}, or empty: only plain HTTP(S) URLs with a host and
   * without credentials, query, fragment or {@code ..} segments.
   */
  static Optional<String> cloneUrlProblem(String url) {
    Optional<String> problem =
        Optional.of("the repository's clone_url is missing or not a plain" + " HTTP(S) URL");
    if (url.isEmpty() || url.length() > MAX_URL_LENGTH || !url.equals(url.strip())) {
      return problem;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException malformed) {
      return problem;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean plain =
        (scheme.equals("https") || scheme.equals("http"))
            && uri.getHost() != null
            && uri.getRawUserInfo() == null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawPath() != null
            && !uri.getRawPath().contains("..")
            && !uri.getRawPath().contains("%");
    return plain ? Optional.empty() : problem;
  }

  /** Why {@code branch} cannot be a branch name ({@link BranchNameRule}), or empty. */
  static Optional<String> branchProblem(String branch) {
    return BranchNameRule.isValid(branch)
        ? Optional.empty()
        : Optional.of("the repository's default_branch is not a valid branch name");
  }
}
