package dev.kaka.ingress.settings;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.ingress.trigger.Permission;
import dev.kaka.ingress.trigger.PermissionUnknown;
import dev.kaka.ingress.trigger.Permissions;
import dev.kaka.ingress.trigger.TriggerProperties;
import dev.kaka.support.github.GitHubAppException;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * People's permissions on repositories, from GitHub's collaborator permission API ({@code GET
 * /repos/{owner}/{repo}/collaborators/{username}/permission}), kept for {@code
 * kaka.trigger.permission-cache-ttl} so that a busy issue costs one call. Only answers are kept: a
 * failure is asked again by the next trigger. Without GitHub credentials (a token or a GitHub App)
 * nobody can be checked, and nobody is trusted. A GitHub App that gets no token for the repository
 * is a failure to answer, as GitHub's own would be: the webhook is answered 503 for a redelivery.
 */
@Component
class PermissionLookup implements Permissions {

  private static final Logger log = LoggerFactory.getLogger(PermissionLookup.class);
  private static final int MAX_ENTRIES = 10_000;
  // an answer names the user and their role: a few hundred bytes
  private static final int MAX_ANSWER_BYTES = 64 * 1024;
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebClient client;
  private final RepositoryAuthorization authorization;
  private final Duration timeout;
  private final AsyncCache<String, Permission> cache;

  PermissionLookup(
      GitHubProperties github,
      Optional<RepositoryTokens> tokens,
      SettingsProperties settings,
      TriggerProperties trigger) {
    this.timeout = settings.readTimeout();
    this.authorization = tokens.map(RepositoryAuthorization::new).orElse(null);
    this.client =
        authorization == null
            ? null
            : SettingsReader.client(github.apiUrl(), timeout, MAX_ANSWER_BYTES);
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(trigger.permissionCacheTtl())
            .buildAsync();
    if (client == null) {
      log.warn(
          "No GitHub credentials (kaka.github.token, GITHUB_TOKEN, or a GitHub App): nobody's"
              + " permission can be checked, so comments, labels and assignments start no task");
    }
  }

  @Override
  public Mono<Permission> of(RepositoryRef repository, String login) {
    if (client == null) {
      return Mono.error(
          new PermissionUnknown("the ingress has no GitHub credentials to ask with", false));
    }
    String key = (repository.fullName() + "\n" + login).toLowerCase(Locale.ROOT);
    return Mono.defer(
        () -> {
          // as in SettingsLookup: concurrent triggers share one call, a failed one is not kept
          CompletableFuture<Permission> asked =
              cache.get(key, (ignored, executor) -> ask(repository, login).toFuture());
          return Mono.fromFuture(asked, true)
              .doOnError(failure -> cache.asMap().remove(key, asked));
        });
  }

  private Mono<Permission> ask(RepositoryRef repository, String login) {
    // one more try after a short pause smooths over a dropped connection or a lone 5xx; the
    // timeout bounds both, so the webhook is answered in time
    return authorization
        .header(repository)
        .flatMap(header -> ask(repository, login, header))
        .retryWhen(
            Retry.fixedDelay(1, RETRY_PAUSE)
                .filter(PermissionLookup::worthAnotherTry)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .timeout(timeout)
        .onErrorMap(failure -> !(failure instanceof PermissionUnknown), PermissionLookup::unknown)
        .doOnError(
            failure ->
                log.warn(
                    "GitHub did not say what {} may do on {}: {}",
                    login,
                    repository.fullName(),
                    failure.getMessage()));
  }

  private Mono<Permission> ask(RepositoryRef repository, String login, String header) {
    return client
        .get()
        .uri(
            "/repos/{owner}/{name}/collaborators/{login}/permission",
            repository.owner(),
            repository.name(),
            login)
        .header(HttpHeaders.AUTHORIZATION, header)
        .exchangeToMono(
            response -> {
              int status = response.statusCode().value();
              if (status == RepositoryAuthorization.UNAUTHORIZED) {
                authorization.refused(repository);
              }
              if (status == 404) {
                // an unknown user, or a repository the token cannot see: no access either way
                return response.releaseBody().thenReturn(Permission.NONE);
              }
              if (response.statusCode().is2xxSuccessful()) {
                return response
                    .bodyToMono(byte[].class)
                    .map(PermissionLookup::permissionOf)
                    .switchIfEmpty(
                        Mono.error(new PermissionUnknown("GitHub's answer was empty", true)));
              }
              // a 5xx may pass at once; any other refusal (a token without access, a rate limit)
              // is for a redelivery once the operator or the clock has seen to it
              return response
                  .releaseBody()
                  .then(
                      Mono.error(
                          status >= 500
                              ? new ServerError(status)
                              : new PermissionUnknown("GitHub answered " + status, true)));
            });
  }

  /**
   * GitHub's {@code permission} knows only admin, write, read and none (maintain reads as write,
   * triage as read); {@code role_name} tells them apart, unless it names a custom role, whose base
   * is then the {@code permission}.
   */
  static Permission permissionOf(byte[] body) {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (JacksonException malformed) {
      throw new PermissionUnknown("GitHub's answer was not JSON", true);
    }
    return Permission.of(answer.path("role_name").asString(""))
        .or(() -> Permission.of(answer.path("permission").asString("")))
        .orElseThrow(() -> new PermissionUnknown("GitHub's answer named no permission", true));
  }

  /** A 5xx answer, worth one more try before it becomes a {@link PermissionUnknown}. */
  private static final class ServerError extends RuntimeException {

    private final int status;

    ServerError(int status) {
      super("GitHub answered " + status, null, false, false);
      this.status = status;
    }
  }

  private static boolean worthAnotherTry(Throwable failure) {
    return failure instanceof WebClientRequestException || failure instanceof ServerError;
  }

  private static PermissionUnknown unknown(Throwable failure) {
    if (failure instanceof GitHubAppException app) {
      // passing either way: a redelivery finds the App installed or its permission granted
      return new PermissionUnknown(app.getMessage(), true);
    }
    if (failure instanceof TimeoutException) {
      return new PermissionUnknown("GitHub did not answer in time", true);
    }
    if (failure instanceof WebClientRequestException) {
      return new PermissionUnknown("GitHub could not be reached", true);
    }
    if (failure instanceof ServerError serverError) {
      return new PermissionUnknown("GitHub answered " + serverError.status, true);
    }
    return new PermissionUnknown("GitHub's answer could not be read", true);
  }
}
