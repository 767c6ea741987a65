package dev.kaka.worker.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.testkit.github.FakeGitHub;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The checks a fix is for, read from the fake GitHub as from GitHub. */
class FailingChecksTest {

  private static final String TOKEN = "ghp_" + "fake0token0for0the0checks0test00001";
  private static final String BRANCH = "kaka/issue-7-greet";

  @TempDir Path dir;
  private FakeGitHub github;
  private String head;
  private int pull;

  @BeforeEach
  void pullRequest() {
    github = FakeGitHub.start(dir, TOKEN);
    github.createRepository("octo", "hello", "main", Map.of("README.md", "hello\n"));
    github.pushBranch("octo", "hello", BRANCH, Map.of("GREET.md", "hi\n"));
    head = github.branchHead("octo", "hello", BRANCH).orElseThrow();
    pull = github.openPullRequest("octo", "hello", "Greet", BRANCH, "main");
  }

  @AfterEach
  void close() {
    github.close();
  }

  @Test
  void aFixGetsTheFailedChecksWithTheEndOfTheirOutputAndLogMaskedAndCountedForItsTask()
      throws Exception {
    String log = "x".repeat(20_000) + "\nleaked " + TOKEN + "\nBUILD FAILED in GreeterTest\n";
    github.completeCheck("octo", "hello", head, "CI / build", "failure", "1 test failed", log);
    github.completeCheck("octo", "hello", head, "CI / lint", "success", "clean", "ok\n");

    CheckReport report = checks(Duration.ofSeconds(2)).of(fix(head, Instant.now()));

    assertThat(report.nothingToFix()).isNull();
    assertThat(report.headSha()).isEqualTo(head);
    assertThat(report.failed())
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.name()).isEqualTo("CI / build");
              assertThat(check.conclusion()).isEqualTo("failure");
              assertThat(check.output()).contains("1 test failed");
              assertThat(check.log())
                  .endsWith("BUILD FAILED in GreeterTest\n")
                  .contains("leaked ***")
                  .doesNotContain(TOKEN);
              assertThat(check.log().length()).isLessThanOrEqualTo(1024);
            });
    assertThat(github.apiCallsFor("fix-1").primary()).isEqualTo(4);
  }

  @Test
  void aHeadThePullRequestMovedOnFromHasNothingToFix() throws Exception {
    github.completeCheck("octo", "hello", head, "CI / build", "failure", "failed", "log\n");
    github.commitFiles("octo", "hello", BRANCH, Map.of("MORE.md", "more\n"));

    CheckReport report = checks(Duration.ofSeconds(2)).of(fix(head, Instant.now()));

    assertThat(report.failed()).isEmpty();
    assertThat(report.nothingToFix()).contains("moved on from " + head.substring(0, 7));
  }

  @Test
  void aHeadWithoutFailedChecksHasNothingToFix() throws Exception {
    github.completeCheck("octo", "hello", head, "CI / build", "success", "passed", "log\n");

    CheckReport report = checks(Duration.ofSeconds(2)).of(fix(null, Instant.now()));

    assertThat(report.nothingToFix()).contains("no check has failed");
  }

  @Test
  void aSuiteThatNeverCompletesHoldsTheFixBackOnlyUntilTheSettleTime() throws Exception {
    github.completeCheck("octo", "hello", head, "CI / build", "failure", "failed", "log\n");
    github.queueCheckSuite("octo", "hello", head, "stale-app");
    Instant failed = Instant.now();

    CheckReport report = checks(Duration.ofSeconds(1)).of(fix(head, failed));

    assertThat(Duration.between(failed, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(report.failed()).extracting(FailedCheck::name).containsExactly("CI / build");
  }

  @Test
  void aTaskThatFixesNoChecksCostsNoCall() throws Exception {
    IssueTriggered other =
        new IssueTriggered(
            1,
            "other",
            "d",
            repository(),
            new IssueRef(pull, "Greet", ""),
            "",
            new Trigger(TriggerKind.PR_COMMENT, "alice", "more"),
            1,
            Instant.now(),
            new PullRequestRef(pull, BRANCH, ""));

    assertThat(checks(Duration.ofSeconds(1)).of(other)).isEqualTo(CheckReport.NONE);
    assertThat(github.apiCalls()).isEmpty();
  }

  private FailingChecks checks(Duration settle) {
    return FailingChecks.of(
        new ChecksProperties(settle, DataSize.ofKilobytes(1), Duration.ofSeconds(10)),
        new GitHubProperties(github.apiUrl(), TOKEN, null, null),
        Optional.empty(),
        Clock.systemUTC());
  }

  private IssueTriggered fix(String failedOn, Instant at) {
    return new IssueTriggered(
        1,
        "fix-1",
        "d",
        repository(),
        new IssueRef(pull, "Greet", ""),
        "",
        new Trigger(TriggerKind.FIX_CHECKS, "github-actions[bot]", ""),
        1,
        at,
        new PullRequestRef(pull, BRANCH, "", new PullRequestRef.CheckFix(failedOn, 1, 2)));
  }

  private RepositoryRef repository() {
    return new RepositoryRef("octo", "hello", github.cloneUrl("octo", "hello"), "main");
  }
}
