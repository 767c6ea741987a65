package dev.kaka.support.github;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.kohsuke.github.HttpException;

/**
 * Turns github-api's failures of the App's own requests into {@link GitHubAppException}s that say
 * what to do. GitHub's answers carry no credential, so the cause is kept for the logs.
 */
final class AppFailures {

  private AppFailures() {}

  /** Finding the repository's installation or minting its token failed. */
  static GitHubAppException token(
      String repository, AppPermissions permissions, IOException failure) {
    int status = status(failure);
    String prefix = "GitHub gave the App no installation token for " + repository + ": ";
    if (status == 404) {
      return new GitHubAppException(
          prefix
              + "the App is not installed on the repository. Install it there (or on all of the"
              + " owner's repositories).",
          false,
          failure);
    }
    if (status == 403 && !rateLimited(failure) || status == 422) {
      return new GitHubAppException(
          prefix
              + "GitHub refused the permissions "
              + permissions
              + " ("
              + status
              + "). Grant them to the App, and accept them on its installation.",
          false,
          failure);
    }
    return common(prefix, status, failure);
  }

  /** Looking up the App's bot user failed. */
  static GitHubAppException bot(IOException failure) {
    return common("GitHub did not say who the App's bot user is: ", status(failure), failure);
  }

  private static GitHubAppException common(String prefix, int status, IOException failure) {
    if (status == 401) {
      return new GitHubAppException(
          prefix
              + "GitHub refused the App's own credentials (401). Check that"
              + " kaka.github.app-private-key-file is a current key of the App"
              + " kaka.github.app-id names, and that this host's clock is right.",
          false,
          failure);
    }
    return new GitHubAppException(
        prefix
            + (status > 0 ? "GitHub answered " + status : "GitHub could not be reached")
            + ". Retrying may help.",
        true,
        failure);
  }

  /** The HTTP status GitHub answered, or -1 when it did not answer. */
  private static int status(IOException failure) {
    if (failure instanceof FileNotFoundException) {
      return 404;
    }
    return failure instanceof HttpException http ? http.getResponseCode() : -1;
  }

  private static boolean rateLimited(IOException failure) {
    return String.valueOf(failure.getMessage()).contains("rate limit");
  }
}
