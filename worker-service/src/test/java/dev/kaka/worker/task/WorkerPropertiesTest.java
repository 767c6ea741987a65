package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class WorkerPropertiesTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(WithWorker.class);

  @Test
  void aTriggerMayBeADayOldByDefault() {
    context.run(
        started ->
            assertThat(started.getBean(WorkerProperties.class).maxTriggerAge())
                .isEqualTo(Duration.ofHours(24)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kaka.worker.max-trigger-age=0s",
        "kaka.worker.max-trigger-age=-1h",
        "kaka.worker.concurrency=0",
        "kaka.worker.max-retries=-1"
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
  @EnableConfigurationProperties(WorkerProperties.class)
  static class WithWorker {}
}
