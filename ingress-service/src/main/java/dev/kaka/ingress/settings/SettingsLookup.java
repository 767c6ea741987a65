package dev.kaka.ingress.settings;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each repository's {@code .github/kaka.yml}, read from GitHub once and kept per repository until a
 * push to its default branch or {@code kaka.repository-settings.cache-ttl}. A repository without
 * the file, or one whose file is invalid, is kept as such; a file GitHub does not serve is not
 * kept, so the next trigger tries again, and meanwhile the task runs with the service-wide settings
 * and says why. Without GitHub credentials (a token or a GitHub App) nothing is read.
 */
@Component
public class SettingsLookup {

  private static final Logger log = LoggerFactory.getLogger(SettingsLookup.class);
  private static final int MAX_REPOSITORIES = 10_000;

  private final SettingsReader reader;
  private final AsyncCache<String, RepositorySettings> cache;

  SettingsLookup(
      GitHubProperties github, Optional<RepositoryTokens> tokens, SettingsProperties properties) {
    this.reader =
        tokens
            .map(
                repositoryTokens ->
                    new SettingsReader(
                        github.apiUrl(),
                        new RepositoryAuthorization(repositoryTokens),
                        properties.readTimeout()))
            .orElse(null);
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(MAX_REPOSITORIES)
            .expireAfterWrite(properties.cacheTtl())
            .buildAsync();
    if (reader == null) {
      log.warn(
          "No GitHub credentials (kaka.github.token, GITHUB_TOKEN, or a GitHub App):"
              + " repositories' {} are not read, every repository gets the service-wide settings",
          TaskSettings.FILE);
    } else {
      log.info(
          "Repositories' {} are read from {} and kept for {}",
          TaskSettings.FILE,
          github.apiUrl(),
          properties.cacheTtl());
    }
  }

  /** Whether settings files are read at all. */
  public boolean enabled() {
    return reader != null;
  }

  /** The repository's settings; never fails, and answers at once when they are known. */
  public Mono<RepositorySettings> of(RepositoryRef repository) {
    if (reader == null) {
      return Mono.just(RepositorySettings.NONE);
    }
    String key = key(repository.fullName());
    return Mono.defer(
            () -> {
              // concurrent triggers of one repository share one read; a cancelled trigger leaves it
              // running. A failed read is dropped before anyone is told, so the next trigger reads
              // again
              CompletableFuture<RepositorySettings> read =
                  cache.get(key, (name, executor) -> reader.read(repository).toFuture());
              return Mono.fromFuture(read, true)
                  .doOnError(failure -> cache.asMap().remove(key, read));
            })
        .onErrorResume(
            failure -> {
              String reason =
                  failure instanceof SettingsReader.Unreadable
                      ? failure.getMessage()
                      : "it could not be read";
              log.warn(
                  "{} of {} could not be read ({}); its task uses the service-wide settings",
                  TaskSettings.FILE,
                  repository.fullName(),
                  reason);
              return Mono.just(
                  new RepositorySettings(
                      RepositorySettings.Trigger.NONE, TaskSettings.unreadable(reason)));
            });
  }

  /**
   * The repository's settings read afresh: for an explicit retry, which follows a fix of the file
   * more often than not.
   */
  public Mono<RepositorySettings> reread(RepositoryRef repository) {
    cache.synchronous().invalidate(key(repository.fullName()));
    return of(repository);
  }

  /** A push to the default branch may have changed the file. */
  @EventListener
  void on(TriggerDecision.DefaultBranchPushed pushed) {
    cache.synchronous().invalidate(key(pushed.repository().fullName()));
    log.debug(
        "Forgot the settings of {} after a push to its default branch",
        pushed.repository().fullName());
  }

  private static String key(String fullName) {
    return fullName.toLowerCase(Locale.ROOT);
  }
}
