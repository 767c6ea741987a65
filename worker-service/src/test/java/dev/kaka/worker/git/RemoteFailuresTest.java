package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.kaka.common.event.RepositoryRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How clone failures over HTTP read and whether they are worth a retry, against a server that
 * answers every git request with one status, as GitHub does when it refuses one.
 */
class RemoteFailuresTest {

  private static final String TOKEN = "ghs_RemoteFailuresToken42";

  private static HttpServer server;

  @TempDir Path temp;

  @BeforeAll
  static void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (int status : new int[] {401, 403, 404, 500, 503}) {
      server.createContext(
          "/" + status + "/",
          exchange -> {
            if (status == 401) {
              exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
    }
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @ParameterizedTest(name = "{0} with token={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
401 | true  | false | not authorized. Check that the token is valid and can read the repository.
401 | false | false | authentication required, but no token is configured. Set kaka.github.token to a token that can read the repository.
403 | true  | false | permission denied. Check that the token can read the repository.
404 | true  | false | repository not found. Check the owner and name, and that the token can read the repository
500 | true  | true  | 500 Internal Server Error. This looks like a network or server problem; retrying may help.
503 | true  | true  | 503 Service Unavailable. This looks like a network or server problem; retrying may help.
""")
  void failedCloneSaysWhatToDoAndWhetherARetryCanHelp(
      int status, boolean withToken, boolean retryable, String reason) {
    String url =
        "http://127.0.0.1:" + server.getAddress().getPort() + "/" + status + "/octo/hello.git";
    GitCredentials credentials =
        withToken ? GitCredentials.token(() -> TOKEN) : GitCredentials.anonymous();
    GitWorkspaces workspaces =
        new GitWorkspaces(
            new GitProperties(
                temp.resolve("cache"),
                temp.resolve("workspaces"),
                "kaka/",
                Duration.ofSeconds(10),
                null,
                4,
                "http://127.0.0.1:"
                    + server.getAddress().getPort()
                    + "/"
                    + status
                    + "/{owner}/{name}.git",
                GitProperties.MirrorHistory.FULL),
            credentials);

    GitOperationException failure =
        catchThrowableOfType(
            GitOperationException.class,
            () ->
                workspaces.create(new RepositoryRef("octo", "hello", url, "main"), "kaka/issue-1"));

    assertThat(failure).hasMessageStartingWith("Could not clone " + url + ": " + reason);
    assertThat(failure.retryable()).isEqualTo(retryable);
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(TOKEN);
  }
}
