package dev.kaka.worker.task;

import dev.kaka.support.github.GitHubProperties;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.worker.checks.ChecksProperties;
import dev.kaka.worker.checks.FailingChecks;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.util.unit.DataSize;

/** The failing checks of the fake GitHub's pull requests, read with a personal token. */
final class TestChecks {

  private TestChecks() {}

  static FailingChecks of(FakeGitHub github, String token) {
    return FailingChecks.of(
        new ChecksProperties(
            Duration.ofSeconds(2), DataSize.ofKilobytes(8), Duration.ofSeconds(10)),
        new GitHubProperties(github.apiUrl(), token, null, null),
        Optional.empty(),
        Clock.systemUTC());
  }
}
