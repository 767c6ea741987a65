package dev.kaka.notifier.github;

import dev.kaka.support.logging.CurrentTask;
import java.io.IOException;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Names the task each GitHub request is made for in an {@value #HEADER} header, so that what a task
 * costs against GitHub's rate limits can be counted per task (the fake GitHub does; GitHub ignores
 * the header). Requests made outside a task event go untagged.
 */
final class TaskTagging implements GitHubConnector {

  static final String HEADER = "X-Kaka-Task";

  private final GitHubConnector delegate;

  TaskTagging(GitHubConnector delegate) {
    this.delegate = delegate;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    return delegate.send(
        CurrentTask.id()
            .<GitHubConnectorRequest>map(task -> new AddedHeaders(request, Map.of(HEADER, task)))
            .orElse(request));
  }
}
