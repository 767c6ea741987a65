package dev.kaka.notifier.github;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.GitHubAppException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHLabel;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GitHubGateway} on the {@code org.kohsuke:github-api} client, each call with its
 * repository's client.
 */
class GitHubApiGateway implements GitHubGateway {

  private static final Logger log = LoggerFactory.getLogger(GitHubApiGateway.class);

  private static final int UNAUTHORIZED = 401;

  private final RepositoryClients clients;

  GitHubApiGateway(RepositoryClients clients) {
    this.clients = clients;
  }

  /**
   * Finds the open pull request from the head branch whatever its base (a follow-up after the
   * repository changed its base branch continues the same pull request), or opens one; either way
   * it ends up with the draft's labels, so a repeat after a failure half-way finishes the job.
   */
  @Override
  public PullRequestInfo ensurePullRequest(RepositoryRef repository, PullRequestDraft draft) {
    GHRepository repo = repository(repository);
    try {
      List<GHPullRequest> open =
          repo.queryPullRequests()
              .head(repository.owner() + ":" + draft.head())
              .state(GHIssueState.OPEN)
              .list()
              .toList();
      GHPullRequest pull = open.isEmpty() ? null : open.get(0);
      if (pull == null) {
        pull =
            repo.createPullRequest(
                draft.title(), draft.head(), draft.base(), draft.body(), true, draft.draft());
        log.info(
            "Opened {}pull request {} for {}",
            draft.draft() ? "draft " : "",
            pull.getHtmlUrl(),
            draft.head());
      }
      Set<String> present =
          pull.getLabels().stream().map(GHLabel::getName).collect(Collectors.toSet());
      String[] missing =
          draft.labels().stream().filter(label -> !present.contains(label)).toArray(String[]::new);
      if (missing.length > 0) {
        pull.addLabels(missing);
      }
      return info(pull);
    } catch (IOException | GitHubAppException e) {
      throw failed(
          repository,
          "open a pull request from " + draft.head() + " in " + repository.fullName(),
          e);
    }
  }

  @Override
  public void upsertComment(RepositoryRef repository, int issueNumber, String marker, String body) {
    try {
      GHIssue issue = repository(repository).getIssue(issueNumber);
      GHIssueComment existing = null;
      for (GHIssueComment comment : issue.listComments()) {
        if (comment.getBody() != null && comment.getBody().contains(marker)) {
          existing = comment;
          break;
        }
      }
      if (existing == null) {
        issue.comment(body);
      } else if (!body.equals(existing.getBody())) {
        existing.update(body);
      }
    } catch (IOException | GitHubAppException e) {
      throw failed(repository, "comment on " + repository.fullName() + "#" + issueNumber, e);
    }
  }

  @Override
  public void replaceLabel(
      RepositoryRef repository, int issueNumber, String label, Set<String> family) {
    try {
      GHIssue issue = repository(repository).getIssue(issueNumber);
      Set<String> current =
          issue.getLabels().stream().map(GHLabel::getName).collect(Collectors.toSet());
      List<String> stale =
          current.stream().filter(family::contains).filter(l -> !l.equals(label)).toList();
      if (!stale.isEmpty()) {
        issue.removeLabels(stale.toArray(String[]::new));
      }
      if (!current.contains(label)) {
        issue.addLabels(label);
      }
    } catch (IOException | GitHubAppException e) {
      throw failed(repository, "label " + repository.fullName() + "#" + issueNumber, e);
    }
  }

  private static PullRequestInfo info(GHPullRequest pull) {
    return new PullRequestInfo(pull.getNumber(), pull.getHtmlUrl().toString());
  }

  private GHRepository repository(RepositoryRef repository) {
    try {
      return clients.of(repository).getRepository(repository.fullName());
    } catch (IOException | GitHubAppException e) {
      throw failed(repository, "read the repository " + repository.fullName(), e);
    }
  }

  /**
   * The failure to report; a token GitHub refused as invalid is forgotten first, so that the
   * listener's next try brings a new one.
   */
  private GitHubCallException failed(RepositoryRef repository, String what, Exception cause) {
    if (cause instanceof HttpException http && http.getResponseCode() == UNAUTHORIZED) {
      clients.refused(repository);
    }
    return new GitHubCallException("Could not " + what + ": " + cause.getMessage(), cause);
  }
}
