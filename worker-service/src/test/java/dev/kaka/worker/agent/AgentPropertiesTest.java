package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

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
                  "claude", "-p", "{prompt}", "--output-format", "stream-json", "--verbose",
                  "--permission-mode", "acceptEdits");
          assertThat(properties.timeout()).isEqualTo(Duration.ofMinutes(30));
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
            "kaka.agent.transcript.max-lines=10",
            "kaka.agent.transcript.max-line-length=100")
        .run(
            started -> {
              AgentProperties properties = started.getBean(AgentProperties.class);
              assertThat(properties.command()).containsExactly("/opt/stub", "{prompt}");
              assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(90));
              assertThat(properties.environment()).containsExactly("PATH", "MY_*");
              assertThat(properties.transcript().maxLines()).isEqualTo(10);
              assertThat(properties.transcript().maxLineLength()).isEqualTo(100);
            });
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
        "kaka.agent.transcript.max-line-length=-1"
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
  @EnableConfigurationProperties(AgentProperties.class)
  @Import(AgentConfiguration.class)
  static class WithAgent {}
}
