package dev.kaka.testkit.github;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The Apps registered on the fake, by id, and the way from a presented token to its App. */
final class AppRegistry {

  private final Map<Long, FakeGitHubApp> apps = new ConcurrentHashMap<>();
  // Eight digits like GitHub's installation ids, and so unlike the small App ids tests pick: a
  // client that mixes the two up gets a 404 instead of passing by luck.
  private final AtomicLong lastInstallationId = new AtomicLong(40_000_000);

  synchronized void register(FakeGitHubApp app) {
    boolean taken =
        apps.containsKey(app.id())
            || apps.values().stream().anyMatch(other -> other.slug().equals(app.slug()));
    if (taken) {
      throw new IllegalStateException(
          "An App with id " + app.id() + " or slug " + app.slug() + " is already registered");
    }
    apps.put(app.id(), app);
  }

  Optional<FakeGitHubApp> app(long id) {
    return Optional.ofNullable(apps.get(id));
  }

  long nextInstallationId() {
    return lastInstallationId.incrementAndGet();
  }

  /** The installation an issued token belongs to, expired or not. */
  Optional<Caller.Installation> installationToken(String presented) {
    for (FakeGitHubApp app : apps.values()) {
      Optional<Caller.Installation> caller =
          app.installations()
              .token(presented)
              .flatMap(
                  token ->
                      app.installations()
                          .byId(token.installationId())
                          .map(
                              installation ->
                                  new Caller.Installation(app, installation.account(), token)));
      if (caller.isPresent()) {
        return caller;
      }
    }
    return Optional.empty();
  }
}
