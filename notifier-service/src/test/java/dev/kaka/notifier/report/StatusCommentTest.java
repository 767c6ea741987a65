package dev.kaka.notifier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.AgentReport.PermissionDenial;
import dev.kaka.common.event.ChecksFailed;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.RunSettings;
import dev.kaka.common.event.TaskBudget;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StatusCommentTest {

  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");

  @ParameterizedTest
  @EnumSource(FailureKind.class)
  void everyFailureKindGetsAdviceAndAWayToRetry(FailureKind kind) {
    String comment =
        StatusComment.failed(
            new TaskFailed(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                kind,
                "What went wrong.",
                false,
                3,
                AgentReport.empty(),
                Instant.EPOCH));

    assertThat(comment)
        .contains("What went wrong.")
        .contains("comment `/kaka` or add the label again to retry.");
  }

  @Test
  void aRefusedChangeSaysWhatWasRefusedAndHowToAskAgain() {
    String refused =
        "Kaka does not push changes to GitHub Actions workflows "
            + "(.github/workflows/ci.yml): its token may not change them.";

    String comment =
        StatusComment.failed(
            new TaskFailed(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                FailureKind.CHANGE_REFUSED,
                refused,
                false,
                3,
                AgentReport.empty(),
                Instant.EPOCH));

    assertThat(comment)
        .contains(refused)
        .contains("Ask for a change without what was refused")
        .doesNotContain("retrying");
  }

  @ParameterizedTest
  @CsvSource({
    "1, true, 3, retrying (2/3)",
    "2, true, 3, retrying (3/3)",
    "3, true, 3, comment `/kaka` or add the label again to retry.",
    "1, false, 3, comment `/kaka` or add the label again to retry.",
    // a retry from the API as attempt 2: the worker's retries go up to attempt 4
    "3, true, 4, retrying (4/4)",
    // written before the event said how far retries go
    "1, true, 0, comment `/kaka` or add the label again to retry."
  })
  void aRetryableFailureSaysWhichRetryComesWhileRetriesRemain(
      int attempt, boolean retryable, int maxAttempts, String expected) {
    String comment =
        StatusComment.failed(
            new TaskFailed(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                attempt,
                FailureKind.GIT_FAILED,
                "Could not fetch.",
                retryable,
                maxAttempts,
                AgentReport.empty(),
                Instant.EPOCH));

    assertThat(comment).contains("Could not fetch.").contains(expected);
  }

  @Test
  void aBudgetNoticeIsOnTheQueuedCommentAndStaysWhenTheTaskFails() {
    TaskBudget noticed =
        new TaskBudget(
            new BigDecimal("0.15"),
            Instant.EPOCH,
            "alice",
            "The daily budget is 85 % spent.",
            List.of());
    IssueTriggered triggered =
        new IssueTriggered(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.LABEL, "alice", ""),
                1,
                Instant.EPOCH)
            .withBudget(noticed);
    TaskFailed failed =
        new TaskFailed(
            TaskEvent.SCHEMA_VERSION,
            "t-1",
            "d-1",
            REPO,
            ISSUE,
            1,
            FailureKind.AGENT_FAILED,
            "The agent failed.",
            false,
            1,
            AgentReport.empty(),
            Instant.EPOCH,
            noticed);

    assertThat(StatusComment.queued(triggered)).contains("\n\n💰 The daily budget is 85 % spent.");
    assertThat(StatusComment.failed(failed)).contains("💰 The daily budget is 85 % spent.");
    assertThat(StatusComment.queued(triggered.withBudget(null))).doesNotContain("💰");
  }

  @Test
  void aSettingsFileThatCouldNotBeReadIsMentionedWhileQueuedAndWhenDone() {
    TaskSettings unread = TaskSettings.unreadable("GitHub answered 502");
    String note =
        "⚠️ `.github/kaka.yml` could not be read (GitHub answered 502), so this task "
            + "uses Kaka's service-wide settings.";

    String queued =
        StatusComment.queued(
            new IssueTriggered(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.LABEL, "alice", ""),
                1,
                Instant.EPOCH,
                null,
                unread));
    String completed =
        StatusComment.completed(
            new TaskCompleted(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "alice",
                1,
                "kaka/issue-7",
                "main",
                "abc",
                List.of("README.md"),
                AgentReport.empty(),
                Instant.EPOCH,
                unread),
            "https://github.com/octo/hello/pull/8");
    String plain =
        StatusComment.queued(
            new IssueTriggered(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.LABEL, "alice", ""),
                1,
                Instant.EPOCH));

    assertThat(queued).contains(note);
    assertThat(completed).contains(note);
    assertThat(plain).doesNotContain("kaka.yml");
  }

  @Test
  void anInvalidSettingsFileIsQuotedWithWhereToFixIt() {
    String comment =
        StatusComment.failed(
            new TaskFailed(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                FailureKind.INVALID_REQUEST,
                "`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `many`",
                false,
                1,
                AgentReport.empty(),
                Instant.EPOCH));

    assertThat(comment)
        .contains("`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `many`")
        .contains("a problem in `.github/kaka.yml` is fixed on the default branch")
        .doesNotContain("retrying");
  }

  @Test
  void aStaleTriggerSaysItWasNotRunAndHowToRunItAgain() {
    String comment =
        StatusComment.failed(
            new TaskFailed(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                FailureKind.STALE_TRIGGER,
                "The request is from 2026-11-23T10:00:00Z, 48h before a worker took it.",
                false,
                1,
                AgentReport.empty(),
                Instant.EPOCH));

    assertThat(comment)
        .contains("❌ **Kaka could not finish this issue.**")
        .contains("The request is from 2026-11-23T10:00:00Z, 48h before a worker took it.")
        .contains("`kaka.worker.max-trigger-age`")
        .contains("`POST /api/tasks/{id}/retry`")
        .contains("comment `/kaka` or add the label again to retry.")
        .doesNotContain("retrying");
  }

  @Test
  void aStuckTaskSaysItStoppedMakingProgressAndHowToRunItAgain() {
    String why =
        "The task was still running 2h after a worker started it, longer than any run may take"
            + " (1h), and no worker reported how it ended.";

    String comment =
        StatusComment.failed(
            new TaskFailed(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                2,
                FailureKind.STUCK,
                why,
                true,
                2,
                AgentReport.empty(),
                Instant.EPOCH));

    assertThat(comment)
        .startsWith("❌ **Kaka could not finish this issue.**\n\n" + why + "\n\n")
        .contains("The task stopped making progress, most likely because its worker stopped")
        .contains("nothing on the issue needs to change")
        .contains("`POST /api/tasks/{id}/retry`")
        .contains("comment `/kaka` or add the label again to retry.")
        .doesNotContain("retrying");
  }

  @Test
  void thePullRequestShowsTurnsCostDurationAndRefusedToolUses() {
    AgentReport report =
        new AgentReport(
            "Fixed it.",
            3,
            0.0216,
            83_000L,
            "s-1",
            null,
            List.of(new PermissionDenial("Bash", "curl x")),
            null);

    String body =
        StatusComment.pullRequestBody(
            new TaskCompleted(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "alice",
                1,
                "kaka/issue-7",
                "main",
                "abc",
                List.of("README.md"),
                report,
                Instant.EPOCH));

    assertThat(body).contains("Agent: 3 turns · $0.0216 · 1m23s · 1 tool use refused");
  }

  @Test
  void theStatusCommentSaysWhetherTheRunResumedTheLastRunsSession() {
    AgentReport report =
        AgentReport.empty()
            .withMemory("Started fresh: the session of the last run could not be read.");

    String comment =
        StatusComment.completed(
            new TaskCompleted(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "alice",
                1,
                "kaka/issue-7",
                "main",
                "abc",
                List.of("README.md"),
                report,
                Instant.EPOCH),
            "https://github.com/octo/hello/pull/9");

    assertThat(comment)
        .contains("\nStarted fresh: the session of the last run could not be read.\n");
  }

  @Test
  void thePullRequestTellsAReviewerTheModelAndWhereTheSettingsCameFrom() {
    RunSettings applied =
        applied("opus", List.of("agent.model", "agent.max-turns"), RunSettings.RepositoryFile.READ);

    String body = StatusComment.pullRequestBody(completedWith(applied));

    assertThat(body)
        .contains(
            "Model: `opus` · settings: Kaka's own, with `agent.model`, `agent.max-turns` from"
                + " `.github/kaka.yml`\n");
  }

  @Test
  void withoutTheRepositorysFileTheSettingsAreKakasOwn() {
    RunSettings applied = applied(null, List.of(), RunSettings.RepositoryFile.ABSENT);

    assertThat(StatusComment.pullRequestBody(completedWith(applied)))
        .contains("Model: the agent's default · settings: Kaka's own (no `.github/kaka.yml`)");
  }

  @Test
  void theFooterLinksTheTasksPageAndKeepsTheMarkerLast() {
    String body = StatusComment.pullRequestBody(completedWith(null));

    String linked = StatusComment.withTaskPage(body, "t-1", "https://kaka.example.com/#/tasks/t-1");

    assertThat(linked)
        .contains("· [run details](https://kaka.example.com/#/tasks/t-1)</sub>\n")
        .endsWith(StatusComment.marker("t-1"));
    assertThat(linked.replace(" · [run details](https://kaka.example.com/#/tasks/t-1)", ""))
        .isEqualTo(body);
  }

  private static RunSettings applied(
      String model, List<String> fromRepository, RunSettings.RepositoryFile file) {
    return new RunSettings(
        model,
        10,
        java.math.BigDecimal.ONE,
        600L,
        "main",
        "kaka/",
        null,
        List.of(),
        List.of(),
        fromRepository,
        file);
  }

  private static TaskCompleted completedWith(RunSettings applied) {
    return new TaskCompleted(
        TaskEvent.SCHEMA_VERSION,
        "t-1",
        "d-1",
        REPO,
        ISSUE,
        "alice",
        1,
        "kaka/issue-7",
        "main",
        "abc",
        List.of("README.md"),
        AgentReport.empty(),
        Instant.EPOCH,
        null,
        applied);
  }

  @Test
  void aFixOfFailingChecksSaysWhichFixOfHowManyItIs() {
    String queued =
        StatusComment.queued(
            new IssueTriggered(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.FIX_CHECKS, "github-actions[bot]", ""),
                1,
                Instant.EPOCH,
                new PullRequestRef(
                    7, "kaka/issue-7", ISSUE.url(), new PullRequestRef.CheckFix("abc", 2, 3))));

    assertThat(queued)
        .contains("fixes the failing checks of this pull request: fix 2 of 3")
        .contains("counted apart from retries");
  }

  @Test
  void failedChecksAreNamedWithTheFixCommandUntilTheFixesAreUsedUp() {
    ChecksFailed offered =
        new ChecksFailed(
            TaskEvent.SCHEMA_VERSION,
            "t-1",
            "d-1",
            REPO,
            ISSUE,
            1,
            "0123456789abcdef",
            List.of("CI / build", "lint"),
            1,
            2,
            false,
            Instant.EPOCH);
    ChecksFailed usedUp =
        new ChecksFailed(
            TaskEvent.SCHEMA_VERSION,
            "t-1",
            "d-1",
            REPO,
            ISSUE,
            1,
            "0123456789abcdef",
            List.of("CI / build"),
            2,
            2,
            true,
            Instant.EPOCH);

    assertThat(StatusComment.checksFailed(offered))
        .startsWith("🔴 Checks failed on `0123456`: `CI / build`, `lint`.")
        .contains("Comment `/kaka fix-checks`")
        .contains("fix 2 of 2")
        .endsWith(StatusComment.checksMarker("0123456789abcdef"));
    assertThat(StatusComment.checksFailed(usedUp))
        .contains("2 times")
        .contains("leaves them to you")
        .doesNotContain("fix-checks");
  }
}
