package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentAllowListTest {

  private static final Map<String, String> WORKER =
      Map.of(
          "PATH", "/usr/bin",
          "PATHEXT", "no",
          "GITHUB_TOKEN", "ghp_secret",
          "KAKA_WEBHOOK_SECRET", "hook-secret",
          "CLAUDE_CODE_MAX_RETRIES", "2",
          "CLAUDE_CODE_USE_BEDROCK", "0",
          "CLAUDE_CONFIG_DIR", "/cfg");

  @Test
  void passesOnlyTheNamedVariablesAndPrefixes() {
    EnvironmentAllowList allowList = new EnvironmentAllowList(List.of("PATH", "CLAUDE_CODE_*"));

    assertThat(allowList.filter(WORKER))
        .containsOnly(
            Map.entry("PATH", "/usr/bin"),
            Map.entry("CLAUDE_CODE_MAX_RETRIES", "2"),
            Map.entry("CLAUDE_CODE_USE_BEDROCK", "0"));
  }

  @Test
  void theDefaultListKeepsTheGitHubTokenAndWebhookSecretOut() {
    EnvironmentAllowList allowList =
        new EnvironmentAllowList(TestAgents.properties(List.of("claude")).environment());

    assertThat(allowList.filter(WORKER))
        .containsKeys("PATH", "CLAUDE_CODE_MAX_RETRIES", "CLAUDE_CONFIG_DIR")
        .doesNotContainKeys("GITHUB_TOKEN", "KAKA_WEBHOOK_SECRET", "PATHEXT");
  }
}
