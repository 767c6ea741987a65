package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RunSettings;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.worker.agent.AgentProgress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskEventsTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private final TaskEvents events = new TaskEvents("worker-1", Clock.fixed(NOW, ZoneOffset.UTC));
  private final IssueTriggered task = TestTasks.onIssue(TaskSettings.of(null, null));
  private final TaskRun run = new TaskRun(task, TestTasks.plan(), "kaka/issue-7");

  @Test
  void aStartedTaskNamesItsBranchAndItsWorker() {
    TaskStarted started = events.started(run);

    assertThat(started.branch()).isEqualTo("kaka/issue-7");
    assertThat(started.worker()).isEqualTo("worker-1");
    assertThat(started.attempt()).isEqualTo(2);
    assertThat(started.occurredAt()).isEqualTo(NOW);
  }

  @Test
  void aStartedTaskCarriesThePromptTheAgentGetsAndTheSettingsItsRunApplies() {
    IssueTriggered fromFile =
        TestTasks.onIssue(
            TaskSettings.of(
                new TaskSettings.PullRequest("develop", null, null, null),
                new TaskSettings.Agent("opus", 10, null, null, null)));
    TaskRun planned = new TaskRun(fromFile, TestTasks.plan(), "kaka/issue-7");

    TaskStarted started = events.started(planned);

    assertThat(started.prompt()).isEqualTo(planned.prompt()).contains("Please fix it.");
    RunSettings settings = started.settings();
    assertThat(settings.model()).isEqualTo("opus");
    assertThat(settings.maxTurns()).isEqualTo(10);
    assertThat(settings.maxBudgetUsd()).isEqualByComparingTo("1");
    assertThat(settings.timeoutSeconds()).isEqualTo(300);
    assertThat(settings.baseBranch()).isEqualTo("develop");
    assertThat(settings.fromRepository())
        .containsExactly("pull-request.base-branch", "agent.model", "agent.max-turns");
    assertThat(settings.repositoryFile()).isEqualTo(RunSettings.RepositoryFile.READ);
  }

  @Test
  void settingsSayWhenTheRepositoryHadNoFileOrGitHubDidNotServeIt() {
    TaskRun without = new TaskRun(TestTasks.onIssue(Instant.EPOCH), TestTasks.plan(), "b");
    TaskRun unread =
        new TaskRun(
            TestTasks.onIssue(TaskSettings.unreadable("GitHub answered 502")),
            TestTasks.plan(),
            "b");

    assertThat(events.started(without).settings().repositoryFile())
        .isEqualTo(RunSettings.RepositoryFile.ABSENT);
    assertThat(events.started(without).settings().fromRepository()).isEmpty();
    assertThat(events.started(unread).settings().repositoryFile())
        .isEqualTo(RunSettings.RepositoryFile.UNREADABLE);
  }

  @Test
  void thePromptInTheEventIsMaskedAndCapped() {
    String token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4";
    IssueTriggered huge =
        new IssueTriggered(
            task.schemaVersion(),
            task.taskId(),
            task.deliveryId(),
            task.repository(),
            task.issue(),
            "My token is " + token + ". " + "word ".repeat(TaskStarted.MAX_PROMPT_CHARS / 4),
            task.trigger(),
            task.attempt(),
            task.occurredAt());

    String prompt = events.started(new TaskRun(huge, TestTasks.plan(), "b")).prompt();

    assertThat(prompt).doesNotContain(token).contains("My token is ***");
    assertThat(prompt).hasSizeLessThanOrEqualTo(TaskStarted.MAX_PROMPT_CHARS);
    assertThat(prompt).containsPattern("\\[… \\d+ characters left out]$");
  }

  @Test
  void progressSaysWhatTheAgentHasDoneSoFar() {
    TaskProgressed progressed =
        events.progressed(task, new AgentProgress(3, "Edit", List.of("README.md")));

    assertThat(progressed.turns()).isEqualTo(3);
    assertThat(progressed.currentTool()).isEqualTo("Edit");
    assertThat(progressed.filesTouched()).containsExactly("README.md");
    assertThat(progressed.occurredAt()).isEqualTo(NOW);
  }

  @Test
  void aCompletedTaskCarriesThePlansBaseBranchAndTheSettingsTheNotifierOpensThePullRequestBy() {
    AgentReport report = new AgentReport("Fixed it.", 3, 0.1, 1000L, "s-1");

    TaskCompleted completed = events.completed(run, "abc123", List.of("README.md"), report);

    assertThat(completed.branch()).isEqualTo("kaka/issue-7");
    assertThat(completed.baseBranch()).isEqualTo("develop");
    assertThat(completed.headSha()).isEqualTo("abc123");
    assertThat(completed.filesChanged()).containsExactly("README.md");
    assertThat(completed.agent()).isEqualTo(report);
    assertThat(completed.requester()).isEqualTo("alice");
    assertThat(completed.settings()).isEqualTo(task.settings());
    assertThat(completed.applied().model()).isEqualTo("opus");
  }

  @Test
  void aFailurePromisesNoRetryUntilTheRunnerSaysHowFarRetriesGo() {
    AgentReport report = new AgentReport("Gave up.", 3, 0.1, 1000L, "s-1");

    TaskFailed failed =
        events.failed(
            task, new StageFailure(FailureKind.AGENT_API_UNREACHABLE, "API down", true, report));

    assertThat(failed.failure()).isEqualTo(FailureKind.AGENT_API_UNREACHABLE);
    assertThat(failed.message()).isEqualTo("API down");
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.agent()).isEqualTo(report);
    assertThat(failed.willRetry()).isFalse();
    assertThat(failed.withMaxAttempts(3).willRetry()).isTrue();
  }

  @Test
  void aTaskNotRunIsNotRetriedAndHasNoAgentReport() {
    TaskFailed notRun = events.notRun(task, FailureKind.INVALID_REQUEST, "bad settings");

    assertThat(notRun.failure()).isEqualTo(FailureKind.INVALID_REQUEST);
    assertThat(notRun.retryable()).isFalse();
    assertThat(notRun.agent()).isEqualTo(AgentReport.empty());
  }

  @Test
  void aCancellationNamesWhoAskedForIt() {
    TaskCancelled cancelled = events.cancelled(task, "bob");

    assertThat(cancelled.requester()).isEqualTo("bob");
    assertThat(cancelled.attempt()).isEqualTo(2);
    assertThat(cancelled.occurredAt()).isEqualTo(NOW);
  }
}
