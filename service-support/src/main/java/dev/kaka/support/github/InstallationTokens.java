package dev.kaka.support.github;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link RepositoryTokens} of a GitHub App: per repository, an installation token restricted to
 * that one repository and to the service's permissions, kept until it nears its expiry and then
 * replaced. Thread-safe: concurrent callers for one repository wait for one mint and share its
 * token; other repositories are not held up.
 */
public final class InstallationTokens implements RepositoryTokens {

  /**
   * A token is replaced once it has less than this left: whoever asks uses it for a whole operation
   * (a clone or push of a large repository, a burst of API calls), which must not outlive it.
   * GitHub's tokens live an hour, so replacing them a few minutes early costs few extra mints.
   */
  public static final Duration RENEWAL_MARGIN = Duration.ofMinutes(5);

  private final GitHubApp app;
  private final AppPermissions permissions;

  /** One slot per repository ever asked for: a few hundred bytes each, fewer than installations. */
  private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

  public InstallationTokens(GitHubApp app, AppPermissions permissions) {
    this.app = app;
    this.permissions = permissions;
  }

  @Override
  public String tokenFor(String owner, String name) {
    return slot(owner, name).token(owner, name);
  }

  @Override
  public boolean refused(String owner, String name) {
    slot(owner, name).forget();
    return true;
  }

  private Slot slot(String owner, String name) {
    String key = (owner + "/" + name).toLowerCase(Locale.ROOT);
    return slots.computeIfAbsent(key, ignored -> new Slot());
  }

  /** The current token of one repository; its lock makes concurrent callers share one mint. */
  private final class Slot {

    private InstallationToken current;

    synchronized String token(String owner, String name) {
      // the system's time, never a test's Clock: GitHub decides when its token expires
      if (current == null || !current.validAt(Instant.now().plus(RENEWAL_MARGIN))) {
        current = app.mint(owner, name, permissions);
      }
      return current.token();
    }

    synchronized void forget() {
      current = null;
    }
  }
}
