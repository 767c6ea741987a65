package dev.kaka.notifier.github;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.GitHubAppException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.kohsuke.github.GHFileNotFoundException;
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
 * repository's client. It spends as few calls as GitHub's rate limits allow: a pull request is
 * opened without looking for one first (GitHub refuses a second one from the same branch, and only
 * then is it looked up), one a follow-up continued is read rather than opened again, and a status
 * comment it wrote is edited again without reading the issue and its comments, as long as this
 * notifier remembers it.
 */
class GitHubApiGateway implements GitHubGateway {

  private static final Logger log = LoggerFactory.getLogger(GitHubApiGateway.class);

  private static final int UNAUTHORIZED = 401;
  private static final int UNPROCESSABLE = 422;
  // the status comments of the tasks being reported on at once, and then some
  private static final int REMEMBERED_COMMENTS = 1_000;

  private final RepositoryClients clients;
  private final Map<String, GHIssueComment> written = RecentlyUsed.atMost(REMEMBERED_COMMENTS);

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
      return labelled(openOrFind(repository, repo, draft), draft);
    } catch (IOException | GitHubAppException e) {
      throw failed(
          repository,
          "open a pull request from " + draft.head() + " in " + repository.fullName(),
          e);
    }
  }

  /**
   * Reads the pull request, one call where opening it would cost a refused write and a search;
   * reopening or opening anew happens only when it was closed meanwhile.
   */
  @Override
  public PullRequestInfo continuePullRequest(
      RepositoryRef repository, int number, PullRequestDraft draft) {
    GHRepository repo = repository(repository);
    try {
      GHPullRequest pull = repo.getPullRequest(number);
      if (pull.getState() != GHIssueState.OPEN && !reopened(pull)) {
        pull = openOrFind(repository, repo, draft);
      }
      return labelled(pull, draft);
    } catch (IOException | GitHubAppException e) {
      throw failed(
          repository, "continue pull request #" + number + " in " + repository.fullName(), e);
    }
  }

  /** Reopens a closed pull request; false when it was merged, or GitHub will not reopen it. */
  private static boolean reopened(GHPullRequest pull) throws IOException {
    if (pull.getMergedAt() != null) {
      return false;
    }
    try {
      pull.reopen();
      log.info("Reopened pull request {} for {}", pull.getHtmlUrl(), pull.getHead().getRef());
      return true;
    } catch (HttpException refused) {
      if (refused.getResponseCode() != UNPROCESSABLE) {
        throw refused;
      }
      return false;
    }
  }

  /**
   * The pull request with the draft's labels, those it lacks added: a repeat after a failure
   * half-way finishes the job.
   */
  private static PullRequestInfo labelled(GHPullRequest pull, PullRequestDraft draft)
      throws IOException {
    Set<String> present =
        pull.getLabels().stream().map(GHLabel::getName).collect(Collectors.toSet());
    String[] missing =
        draft.labels().stream().filter(label -> !present.contains(label)).toArray(String[]::new);
    if (missing.length > 0) {
      pull.addLabels(missing);
    }
    return info(pull);
  }

  /**
   * Opens the pull request; when GitHub answers that one from the head branch is open already (a
   * follow-up, or a repeat after a failure half-way), finds it whatever its base: a follow-up after
   * the repository changed its base branch continues the same pull request.
   */
  private static GHPullRequest openOrFind(
      RepositoryRef repository, GHRepository repo, PullRequestDraft draft) throws IOException {
    try {
      GHPullRequest pull =
          repo.createPullRequest(
              draft.title(), draft.head(), draft.base(), draft.body(), true, draft.draft());
      log.info(
          "Opened {}pull request {} for {}",
          draft.draft() ? "draft " : "",
          pull.getHtmlUrl(),
          draft.head());
      return pull;
    } catch (HttpException refused) {
      if (refused.getResponseCode() != UNPROCESSABLE) {
        throw refused;
      }
      List<GHPullRequest> open =
          repo.queryPullRequests()
              .head(repository.owner() + ":" + draft.head())
              .state(GHIssueState.OPEN)
              .list()
              .toList();
      if (open.isEmpty()) {
        throw refused;
      }
      return open.get(0);
    }
  }

  @Override
  public void upsertComment(RepositoryRef repository, int issueNumber, String marker, String body) {
    String key = repository.fullName().toLowerCase(Locale.ROOT) + "#" + issueNumber + marker;
    try {
      GHIssueComment known = written.get(key);
      if (known != null && editKnown(known, body)) {
        return;
      }
      written.put(key, findAndWrite(repository(repository).getIssue(issueNumber), marker, body));
    } catch (IOException | GitHubAppException e) {
      written.remove(key);
      throw failed(repository, "comment on " + repository.fullName() + "#" + issueNumber, e);
    }
  }

  /**
   * Edits a comment this notifier wrote, unless it reads so already; false when it is gone (someone
   * deleted it).
   */
  private static boolean editKnown(GHIssueComment known, String body) throws IOException {
    if (body.equals(known.getBody())) {
      return true;
    }
    try {
      known.update(body);
      return true;
    } catch (GHFileNotFoundException gone) {
      return false;
    }
  }

  /**
   * Edits the issue's comment tagged with {@code marker}, or creates it; an issue without comments
   * has none to look for, and costs no listing.
   */
  private static GHIssueComment findAndWrite(GHIssue issue, String marker, String body)
      throws IOException {
    Iterable<GHIssueComment> comments =
        issue.getCommentsCount() == 0 ? List.of() : issue.listComments();
    for (GHIssueComment comment : comments) {
      if (comment.getBody() != null && comment.getBody().contains(marker)) {
        if (!body.equals(comment.getBody())) {
          comment.update(body);
        }
        return comment;
      }
    }
    return issue.comment(body);
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
