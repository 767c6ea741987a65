package dev.kaka.notifier.github;

import dev.kaka.common.event.RepositoryRef;
import java.io.IOException;
import java.util.List;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link GitHubGateway} on the {@code org.kohsuke:github-api} client. */
class GitHubApiGateway implements GitHubGateway {

  private static final Logger log = LoggerFactory.getLogger(GitHubApiGateway.class);

  private final GitHub github;

  GitHubApiGateway(GitHub github) {
    this.github = github;
  }

  @Override
  public String ensurePullRequest(RepositoryRef repository, PullRequestDraft draft) {
    GHRepository repo = repository(repository);
    try {
      List<GHPullRequest> open = repo.queryPullRequests()
          .head(repository.owner() + ":" + draft.head())
          .base(draft.base())
          .state(GHIssueState.OPEN)
          .list()
          .toList();
      if (!open.isEmpty()) {
        return open.get(0).getHtmlUrl().toString();
      }
      GHPullRequest created = repo.createPullRequest(draft.title(), draft.head(), draft.base(), draft.body());
      log.info("Opened pull request {} for {}", created.getHtmlUrl(), draft.head());
      return created.getHtmlUrl().toString();
    } catch (IOException e) {
      throw failed("open a pull request from " + draft.head() + " in " + repository.fullName(), e);
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
    } catch (IOException e) {
      throw failed("comment on " + repository.fullName() + "#" + issueNumber, e);
    }
  }

  private GHRepository repository(RepositoryRef repository) {
    try {
      return github.getRepository(repository.fullName());
    } catch (IOException e) {
      throw failed("read the repository " + repository.fullName(), e);
    }
  }

  private static GitHubCallException failed(String what, IOException cause) {
    return new GitHubCallException("Could not " + what + ": " + cause.getMessage(), cause);
  }
}
