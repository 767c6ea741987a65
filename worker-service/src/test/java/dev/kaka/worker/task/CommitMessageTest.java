package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.support.dashboard.DashboardProperties;
import dev.kaka.support.github.GitHubServer;
import dev.kaka.worker.git.NoreplyAddresses;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommitMessageTest {

  private static final RepositoryRef REPOSITORY =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");

  private final CommitMessage github =
      new CommitMessage(
          new NoreplyAddresses(GitHubServer.of("https://api.github.com")),
          DashboardProperties.NONE);

  @Test
  void namesTheRequesterAsCoAuthorBesideTheTaskTrailer() {
    String message = github.of(task(new Trigger(TriggerKind.LABEL, "alice", "", 583231L), null));

    assertThat(message)
        .isEqualTo(
            """
            Implement #7: Fix typo

            Requested by @alice in https://github.com/octo/hello/issues/7

            Co-authored-by: alice <583231+alice@users.noreply.github.com>
            Kaka-Task-Id: t-1
            """);
  }

  @Test
  void linksTheTasksPageOnTheDashboardInTheTrailerBlock() {
    CommitMessage linked =
        new CommitMessage(
            new NoreplyAddresses(GitHubServer.of("https://api.github.com")),
            new DashboardProperties("https://kaka.example.com"));

    String message = linked.of(task(new Trigger(TriggerKind.RETRY, "operator", ""), null));

    assertThat(message)
        .endsWith("\n\nKaka-Task-Id: t-1\nKaka-Run: https://kaka.example.com/#/tasks/t-1\n");
  }

  @Test
  void withoutTheUserIdTheAddressHasOnlyTheLogin() {
    String message = github.of(task(new Trigger(TriggerKind.COMMENT, "alice", "do it"), null));

    assertThat(message).contains("Co-authored-by: alice <alice@users.noreply.github.com>\n");
  }

  @Test
  void onGitHubEnterpriseTheAddressIsTheServers() {
    CommitMessage enterprise =
        new CommitMessage(
            new NoreplyAddresses(GitHubServer.of("https://git.example.com/api/v3")),
            DashboardProperties.NONE);

    String message = enterprise.of(task(new Trigger(TriggerKind.LABEL, "bob", "", 12L), null));

    assertThat(message).contains("Co-authored-by: bob <12+bob@users.noreply.git.example.com>");
  }

  @Test
  void aBotOrARetryIsNoCoAuthor() {
    String bot = github.of(task(new Trigger(TriggerKind.LABEL, "renovate[bot]", "", 2L), null));
    String retry = github.of(task(new Trigger(TriggerKind.RETRY, "operator", ""), null));

    assertThat(bot).doesNotContain("Co-authored-by").endsWith("\n\nKaka-Task-Id: t-1\n");
    assertThat(retry).doesNotContain("Co-authored-by").endsWith("\n\nKaka-Task-Id: t-1\n");
  }

  @Test
  void aFollowUpIsNamedAfterItsInstructions() {
    String message =
        github.of(
            task(
                new Trigger(TriggerKind.PR_COMMENT, "alice", "rename the method\nand more", 1L),
                new PullRequestRef(9, "kaka/issue-7", "https://github.com/octo/hello/pull/9")));

    assertThat(message).startsWith("Follow up on #7: rename the method\n\n");
  }

  private static IssueTriggered task(Trigger trigger, PullRequestRef pullRequest) {
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        "t-1",
        "d-1",
        REPOSITORY,
        ISSUE,
        "",
        trigger,
        1,
        Instant.EPOCH,
        pullRequest,
        null);
  }
}
