package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.PullRequestRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskRunTest {

  @Test
  void aTaskOnAnIssueGetsANewBranchNamedAfterTheIssueUnderThePlansPrefix() {
    TaskRun run = TaskRun.of(TestTasks.onIssue(Instant.EPOCH), TestTasks.plan());

    assertThat(run.branch()).isEqualTo("kaka/issue-7-fix-the-typo");
  }

  @Test
  void aFollowUpStaysOnItsPullRequestsBranch() {
    PullRequestRef pullRequest =
        new PullRequestRef(9, "kaka/issue-7", "https://github.com/octo/hello/pull/9");

    TaskRun run = TaskRun.of(TestTasks.onPullRequest(pullRequest), TestTasks.plan());

    assertThat(run.branch()).isEqualTo("kaka/issue-7");
  }
}
