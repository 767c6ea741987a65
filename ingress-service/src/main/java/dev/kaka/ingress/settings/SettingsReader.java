package dev.kaka.ingress.settings;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.support.github.GitHubAppException;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code .github/kaka.yml} from a repository's default branch with GitHub's contents API,
 * without blocking: {@code GET /repos/{owner}/{repo}/contents/.github/kaka.yml?ref=<branch>}. A 404
 * is a repository without settings; any other failure is {@link Unreadable}, also a GitHub App that
 * gets no token for the repository.
 */
final class SettingsReader {

  // base64 of a file at the size limit, in GitHub's JSON, with room to spare
  private static final int MAX_ANSWER_BYTES = 4 * SettingsFile.MAX_BYTES;
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebClient client;
  private final RepositoryAuthorization authorization;
  private final Duration timeout;

  SettingsReader(String apiUrl, RepositoryAuthorization authorization, Duration timeout) {
    this.client = client(apiUrl, timeout, MAX_ANSWER_BYTES);
    this.authorization = authorization;
    this.timeout = timeout;
  }

  /**
   * A client of GitHub's REST API, waiting at most {@code timeout} for answers; each call adds its
   * repository's {@link RepositoryAuthorization}.
   */
  static WebClient client(String apiUrl, Duration timeout, int maxAnswerBytes) {
    HttpClient http =
        HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .responseTimeout(timeout);
    return WebClient.builder()
        .baseUrl(apiUrl)
        .clientConnector(new ReactorClientHttpConnector(http))
        .defaultHeader(HttpHeaders.ACCEPT, "application/vnd.github+json")
        .defaultHeader("X-GitHub-Api-Version", "2022-11-28")
        .defaultHeader(HttpHeaders.USER_AGENT, "kaka")
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxAnswerBytes))
        .build();
  }

  /** Why the file could not be read; says nothing about hosts, tokens or the request. */
  static final class Unreadable extends RuntimeException {

    private final boolean passing;

    Unreadable(String reason) {
      this(reason, false);
    }

    /**
     * @param passing whether the cause may pass by itself, such as a 5xx answer
     */
    Unreadable(String reason, boolean passing) {
      super(reason, null, false, false);
      this.passing = passing;
    }
  }

  /** The repository's settings; fails with {@link Unreadable} when GitHub does not serve them. */
  Mono<RepositorySettings> read(RepositoryRef repository) {
    // one more try after a short pause smooths over a dropped connection or a lone 5xx; the
    // timeout bounds both, so the webhook is answered in time
    return authorization
        .header(repository)
        .flatMap(header -> ask(repository, header))
        .retryWhen(
            Retry.fixedDelay(1, RETRY_PAUSE)
                .filter(SettingsReader::worthAnotherTry)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .timeout(timeout)
        .onErrorMap(failure -> !(failure instanceof Unreadable), SettingsReader::unreadable);
  }

  private Mono<RepositorySettings> ask(RepositoryRef repository, String header) {
    return client
        .get()
        .uri(
            "/repos/{owner}/{name}/contents/" + TaskSettings.FILE + "?ref={ref}",
            repository.owner(),
            repository.name(),
            repository.defaultBranch())
        .header(HttpHeaders.AUTHORIZATION, header)
        .exchangeToMono(
            response -> {
              int status = response.statusCode().value();
              if (status == RepositoryAuthorization.UNAUTHORIZED) {
                authorization.refused(repository);
              }
              if (status == 404) {
                return response.releaseBody().thenReturn(RepositorySettings.NONE);
              }
              if (response.statusCode().is2xxSuccessful()) {
                return response
                    .bodyToMono(byte[].class)
                    .map(SettingsReader::settingsOf)
                    .defaultIfEmpty(SettingsFile.invalid("GitHub served the file without content"));
              }
              return response
                  .releaseBody()
                  .then(Mono.error(new Unreadable("GitHub answered " + status, status >= 500)));
            });
  }

  private static boolean worthAnotherTry(Throwable failure) {
    return failure instanceof WebClientRequestException
        || failure instanceof Unreadable unreadable && unreadable.passing;
  }

  private static Unreadable unreadable(Throwable failure) {
    if (failure instanceof GitHubAppException app) {
      return new Unreadable(app.getMessage(), app.retryable());
    }
    if (failure instanceof TimeoutException || failure.getCause() instanceof ReadTimeoutException) {
      return new Unreadable("GitHub did not answer in time");
    }
    if (failure instanceof WebClientRequestException) {
      return new Unreadable("GitHub could not be reached");
    }
    if (failure instanceof DataBufferLimitException) {
      return new Unreadable("GitHub's answer was too large");
    }
    return new Unreadable("GitHub's answer could not be read");
  }

  /** The settings in a contents API answer: a file, base64-encoded. */
  static RepositorySettings settingsOf(byte[] answer) {
    JsonNode json;
    try {
      json = JSON.readTree(answer);
    } catch (JacksonException malformed) {
      throw new Unreadable("GitHub's answer was not JSON");
    }
    if (json == null || !json.isObject() || !json.path("type").asString("").equals("file")) {
      return SettingsFile.invalid("the path must be a file, not a directory or a link");
    }
    if (json.path("size").asLong(0) > SettingsFile.MAX_BYTES
        || !json.path("encoding").asString("").equals("base64")) {
      return SettingsFile.invalid(
          "the file must be at most " + SettingsFile.MAX_BYTES / 1024 + " KB");
    }
    byte[] content;
    try {
      content = Base64.getMimeDecoder().decode(json.path("content").asString(""));
    } catch (IllegalArgumentException notBase64) {
      throw new Unreadable("GitHub's answer was not base64");
    }
    if (content.length > SettingsFile.MAX_BYTES) {
      return SettingsFile.invalid(
          "the file must be at most " + SettingsFile.MAX_BYTES / 1024 + " KB");
    }
    try {
      return SettingsFile.parse(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString());
    } catch (CharacterCodingException notUtf8) {
      return SettingsFile.invalid("the file must be UTF-8 text");
    }
  }
}
