package dev.kaka.worker.task;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.worker.agent.AgentLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Triggers and plans for the tests of the runner's stages: issue 7 of octo/hello, by alice. */
final class TestTasks {

  static final RepositoryRef REPOSITORY =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  static final IssueRef ISSUE =
      new IssueRef(7, "Fix the typo", "https://github.com/octo/hello/issues/7");

  private TestTasks() {}

  /** Attempt 2 of task t-1, asked for at {@code at}. */
  static IssueTriggered onIssue(Instant at) {
    return trigger(at, null, null);
  }

  static IssueTriggered onIssue(TaskSettings settings) {
    return trigger(Instant.EPOCH, null, settings);
  }

  static IssueTriggered onPullRequest(PullRequestRef pullRequest) {
    return trigger(Instant.EPOCH, pullRequest, null);
  }

  /** A plan onto {@code develop}, its branches under {@code kaka/}. */
  static RunPlan plan() {
    return new RunPlan(
        "develop", "kaka/", new AgentLimits(10, BigDecimal.ONE, "opus"), Duration.ofMinutes(5), "");
  }

  private static IssueTriggered trigger(
      Instant at, PullRequestRef pullRequest, TaskSettings settings) {
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        "t-1",
        "d-1",
        REPOSITORY,
        ISSUE,
        "Please fix it.",
        new Trigger(TriggerKind.LABEL, "alice", ""),
        2,
        at,
        pullRequest,
        settings);
  }
}
