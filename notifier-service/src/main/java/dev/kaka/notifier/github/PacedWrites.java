package dev.kaka.notifier.github;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Makes every content-creating request ({@code POST}, {@code PATCH}, {@code PUT}, {@code DELETE})
 * wait for its turn in its installation's budget before it goes to GitHub, and times that wait as
 * {@code kaka_github_write_queue_wait_seconds}. github-api repeats a request GitHub refused for a
 * secondary rate limit after the wait GitHub asked for; the repeat waits for a turn again.
 */
final class PacedWrites implements GitHubConnector {

  private static final Set<String> CONTENT_CREATING = Set.of("POST", "PATCH", "PUT", "DELETE");
  private static final String REPOS = "/repos/";

  private final GitHubConnector delegate;
  private final WritePacer pacer;
  private final boolean perOwner;
  private final Timer queueWait;

  /**
   * @param perOwner whether each repository owner has a budget of its own, as a GitHub App's
   *     installations do (one per account); a personal token has one budget for all
   */
  PacedWrites(
      GitHubConnector delegate, WritePacer pacer, boolean perOwner, MeterRegistry registry) {
    this.delegate = delegate;
    this.pacer = pacer;
    this.perOwner = perOwner;
    this.queueWait =
        Timer.builder("kaka.github.write.queue.wait")
            .description("How long a content-creating GitHub request waited for its turn")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    if (CONTENT_CREATING.contains(request.method())) {
      queueWait.record(pacer.awaitTurn(installation(request)));
    }
    return delegate.send(request);
  }

  /** The budget a request draws from: its repository's owner, or the one token's. */
  private String installation(GitHubConnectorRequest request) {
    if (!perOwner) {
      return "token";
    }
    String path = request.url().getPath();
    int repos = path.indexOf(REPOS);
    if (repos < 0) {
      return "app";
    }
    int owner = repos + REPOS.length();
    int end = path.indexOf('/', owner);
    return "installation "
        + path.substring(owner, end < 0 ? path.length() : end).toLowerCase(Locale.ROOT);
  }
}
