package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.support.github.GitHubProperties;
import dev.kaka.worker.agent.sandbox.SandboxMode;
import dev.kaka.worker.git.GitProperties;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class AgentPropertiesTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(WithAgent.class);

  @Test
  void defaultsToTheClaudeCliInStreamJsonMode() {
    context.run(
        started -> {
          AgentProperties properties = started.getBean(AgentProperties.class);
          assertThat(properties.command())
              .containsExactly(
                  "claude", "-p", "{prompt}", "--output-format", "stream-json", "--verbose");
          assertThat(properties.timeout()).isEqualTo(Duration.ofMinutes(30));
          assertThat(properties.maxTurns()).isEqualTo(100);
          assertThat(properties.maxBudgetUsd()).isEqualByComparingTo("10");
          assertThat(properties.model()).isNull();
          assertThat(properties.allowedTools()).isEmpty();
          assertThat(properties.permissionMode()).isEqualTo("bypassPermissions");
          assertThat(properties.sandbox()).isEqualTo(SandboxMode.REQUIRED);
          assertThat(properties.network().allowedHosts()).isEmpty();
          assertThat(properties.filesystem().hiddenPaths()).contains("/run/secrets");
          assertThat(properties.appendSystemPrompt()).isNull();
          assertThat(properties.progressInterval()).isEqualTo(Duration.ofSeconds(10));
          assertThat(properties.transcript().maxChars()).isEqualTo(200_000);
          assertThat(properties.environment())
              .contains("PATH", "HOME", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "CLAUDE_CODE_*")
              .noneMatch(name -> name.contains("GITHUB") || name.contains("KAKA"));
          assertThat(properties.transcript().maxLines()).isEqualTo(500);
          assertThat(properties.transcript().maxLineLength()).isEqualTo(4000);
          assertThat(started).getBean(Agent.class).isInstanceOf(CommandLineAgent.class);
        });
  }

  @Test
  void bindsEveryProperty() {
    context
        .withPropertyValues(
            "kaka.agent.command=/opt/stub,{prompt}",
            "kaka.agent.timeout=90s",
            "kaka.agent.environment=PATH,MY_*",
            "kaka.agent.max-turns=7",
            "kaka.agent.max-budget-usd=2.50",
            "kaka.agent.model=sonnet",
            "kaka.agent.allowed-tools=Bash(npm test:*),WebFetch",
            "kaka.agent.permission-mode=dontAsk",
            "kaka.agent.append-system-prompt=Write British English.",
            "kaka.agent.progress-interval=2s",
            "kaka.agent.transcript.max-lines=10",
            "kaka.agent.transcript.max-line-length=100",
            "kaka.agent.transcript.max-chars=1000")
        .run(
            started -> {
              AgentProperties properties = started.getBean(AgentProperties.class);
              assertThat(properties.command()).containsExactly("/opt/stub", "{prompt}");
              assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(90));
              assertThat(properties.environment()).containsExactly("PATH", "MY_*");
              assertThat(properties.transcript().maxLines()).isEqualTo(10);
              assertThat(properties.transcript().maxLineLength()).isEqualTo(100);
              assertThat(properties.transcript().maxChars()).isEqualTo(1000);
              assertThat(CliArguments.of(properties, "Fix it"))
                  .containsExactly(
                      "/opt/stub",
                      "Fix it",
                      "--permission-mode",
                      "dontAsk",
                      "--max-turns",
                      "7",
                      "--max-budget-usd",
                      "2.50",
                      "--model",
                      "sonnet",
                      "--allowedTools",
                      "Bash(npm test:*),WebFetch",
                      "--append-system-prompt",
                      "Write British English.");
            });
  }

  @Test
  void leavesOutTheFlagsOfLimitsThatAreNotSet() {
    context
        .withPropertyValues("kaka.agent.command=claude,-p,{prompt}", "kaka.agent.max-budget-usd=0")
        .run(
            started ->
                assertThat(
                        CliArguments.of(
                            started.getBean(AgentProperties.class), "Fix \"it\" {prompt}"))
                    .containsExactly(
                        "claude",
                        "-p",
                        "Fix \"it\" {prompt}",
                        "--permission-mode",
                        "bypassPermissions",
                        "--max-turns",
                        "100"));
  }

  @Test
  void aRunsOwnLimitsReplaceTheServiceWideOnes() {
    context
        .withPropertyValues("kaka.agent.command=claude,-p,{prompt}", "kaka.agent.model=opus")
        .run(
            started ->
                assertThat(
                        CliArguments.of(
                            started.getBean(AgentProperties.class),
                            "Fix",
                            new AgentLimits(12, new BigDecimal("1.5"), "sonnet"),
                            true))
                    .containsExactly(
                        "claude",
                        "-p",
                        "Fix",
                        "--permission-mode",
                        "bypassPermissions",
                        "--max-turns",
                        "12",
                        "--max-budget-usd",
                        "1.5",
                        "--model",
                        "sonnet"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kaka.agent.command=",
        "kaka.agent.command[0]= ",
        "kaka.agent.timeout=0s",
        "kaka.agent.timeout=-5m",
        "kaka.agent.environment=*",
        "kaka.agent.environment=PATH,GIT HUB",
        "kaka.agent.transcript.max-lines=0",
        "kaka.agent.transcript.max-line-length=-1",
        "kaka.agent.transcript.max-chars=0",
        "kaka.agent.max-turns=0",
        "kaka.agent.max-budget-usd=-1",
        "kaka.agent.permission-mode=yolo",
        "kaka.agent.allowed-tools[0]= ",
        "kaka.agent.progress-interval=0s"
      })
  void refusesToStartWithAnUnusableSetting(String setting) {
    context
        .withPropertyValues(setting)
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .hasRootCauseInstanceOf(BindValidationException.class));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({
    AgentProperties.class,
    GitProperties.class,
    GitHubProperties.class
  })
  @Import(AgentConfiguration.class)
  static class WithAgent {}
}
