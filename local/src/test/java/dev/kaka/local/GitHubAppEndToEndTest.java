package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.testkit.github.FakeComment;
import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import dev.kaka.testkit.github.FakePullRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kaka as a GitHub App, the way the running system is configured: who GitHub shows as the author,
 * and what happens when the tokens the services hold run out.
 */
class GitHubAppEndToEndTest {

  private final RunningSystem kaka = RunningSystem.get();

  @Test
  void thePullRequestAndItsCommentsAreTheAppsAndExpiredTokensAreMintedAgain() {
    Scenario scenario = new Scenario(kaka, "as-the-app", "Add a greeting", "Say hello.");
    JsonNode first = scenario.awaitFinished(scenario.trigger(scenario.labeled()));
    assertThat(first.path("status").asString()).as(first.toString()).isEqualTo("completed");
    FakePullRequest pull = scenario.onlyPullRequest();
    assertThat(pull.user()).isEqualTo(kaka.app.botLogin());
    assertThat(scenario.comments(scenario.issue.number()))
        .extracting(FakeComment::user)
        .containsOnly(kaka.app.botLogin());
    int mintedBefore = kaka.app.issuedTokens().size();

    // every token the services cached for the repository is now refused with a 401 (the ingress
    // may not ask GitHub again: it remembers the requester's permission for a while)
    kaka.app.expireTokens();
    JsonNode followUp =
        scenario.awaitFinished(
            scenario.trigger(scenario.commentedOnPullRequest(pull, "/kaka also greet the moon")));

    assertThat(followUp.path("status").asString()).as(followUp.toString()).isEqualTo("completed");
    List<Map<String, String>> mintedAgain =
        kaka.app.issuedTokens().stream()
            .skip(mintedBefore)
            .filter(issued -> issued.repositories().equals(List.of(scenario.repo)))
            .map(IssuedToken::permissions)
            .toList();
    assertThat(mintedAgain)
        .as("tokens minted after the expiry, one service's permissions each")
        .anySatisfy(worker -> assertThat(worker).containsEntry("contents", "write"))
        .anySatisfy(notifier -> assertThat(notifier).containsEntry("pull_requests", "write"));
  }
}
