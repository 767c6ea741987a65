package dev.kaka.notifier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.AgentReport.PermissionDenial;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
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
    String comment = StatusComment.failed(new TaskFailed(TaskEvent.SCHEMA_VERSION, "t-1", "d-1",
        REPO, ISSUE, 1, kind, "What went wrong.", false, AgentReport.empty(), Instant.EPOCH), 2);

    assertThat(comment)
        .contains("What went wrong.")
        .contains("comment `/kaka` or add the label again to retry.");
  }

  @ParameterizedTest
  @CsvSource({
      "1, true, retrying (2/3)",
      "2, true, retrying (3/3)",
      "3, true, comment `/kaka` or add the label again to retry.",
      "1, false, comment `/kaka` or add the label again to retry."})
  void aRetryableFailureSaysWhichRetryComesWhileRetriesRemain(int attempt, boolean retryable,
      String expected) {
    String comment = StatusComment.failed(new TaskFailed(TaskEvent.SCHEMA_VERSION, "t-1", "d-1",
        REPO, ISSUE, attempt, FailureKind.GIT_FAILED, "Could not fetch.", retryable,
        AgentReport.empty(), Instant.EPOCH), 2);

    assertThat(comment).contains("Could not fetch.").contains(expected);
  }

  @Test
  void thePullRequestShowsTurnsCostDurationAndRefusedToolUses() {
    AgentReport report = new AgentReport("Fixed it.", 3, 0.0216, 83_000L, "s-1", null,
        List.of(new PermissionDenial("Bash", "curl x")), null);

    String body = StatusComment.pullRequestBody(new TaskCompleted(TaskEvent.SCHEMA_VERSION, "t-1",
        "d-1", REPO, ISSUE, "alice", 1, "kaka/issue-7", "main", "abc", List.of("README.md"),
        report, Instant.EPOCH));

    assertThat(body).contains("Agent: 3 turns · $0.0216 · 1 min 23 s · 1 tool use refused");
  }
}
