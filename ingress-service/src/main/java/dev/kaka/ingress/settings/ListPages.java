package dev.kaka.ingress.settings;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.RepositoryTokens;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Pages of the lists GitHub serves about a repository (comments, review comments), read with the
 * repository's token. A token GitHub refuses as invalid is replaced for the next call.
 */
final class ListPages {

  private static final Pattern LAST_PAGE =
      Pattern.compile("<[^>]*[?&]page=(\\d+)[^>]*>;\\s*rel=\"last\"");

  private final WebClient client;
  private final RepositoryAuthorization authorization;

  private ListPages(WebClient client, RepositoryAuthorization authorization) {
    this.client = client;
    this.authorization = authorization;
  }

  /**
   * Pages read from {@code apiUrl} within {@code timeout}, each at most {@code maxAnswerBytes};
   * empty without GitHub credentials.
   */
  static Optional<ListPages> of(
      String apiUrl, Optional<RepositoryTokens> tokens, Duration timeout, int maxAnswerBytes) {
    return tokens.map(
        repositoryTokens ->
            new ListPages(
                SettingsReader.client(apiUrl, timeout, maxAnswerBytes),
                new RepositoryAuthorization(repositoryTokens)));
  }

  /**
   * The page {@code uri} names, its variables expanded; fails when GitHub answers other than 2xx.
   */
  Mono<Page> read(RepositoryRef repository, String uri, Object... variables) {
    return authorization
        .header(repository)
        .flatMap(
            header ->
                client
                    .get()
                    .uri(uri, variables)
                    .header(HttpHeaders.AUTHORIZATION, header)
                    .exchangeToMono(
                        response -> {
                          int status = response.statusCode().value();
                          if (!response.statusCode().is2xxSuccessful()) {
                            if (status == RepositoryAuthorization.UNAUTHORIZED) {
                              authorization.refused(repository);
                            }
                            return response
                                .releaseBody()
                                .then(
                                    Mono.error(
                                        new IllegalStateException("GitHub answered " + status)));
                          }
                          String link = response.headers().asHttpHeaders().getFirst("Link");
                          return response
                              .bodyToMono(byte[].class)
                              .defaultIfEmpty(new byte[0])
                              .map(body -> new Page(body, link == null ? "" : link));
                        }));
  }

  /**
   * @param body the page's JSON
   * @param link its {@code Link} header, empty when GitHub sent none (a list of one page)
   */
  record Page(byte[] body, String link) {

    /** The number of the list's last page, 1 for a list of one page. */
    int lastPage() {
      Matcher last = LAST_PAGE.matcher(link);
      return last.find() ? Integer.parseInt(last.group(1)) : 1;
    }
  }
}
