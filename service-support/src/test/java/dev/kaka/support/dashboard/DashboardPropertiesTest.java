package dev.kaka.support.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** {@code kaka.dashboard} as every service binds it, and the task pages it links. */
class DashboardPropertiesTest {

  private static final String TASK = "0f8e6b6e-3c1d-3c5e-9d1f-2a7b4c6d8e90";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ValidationAutoConfiguration.class, DashboardAutoConfiguration.class));

  @ParameterizedTest
  @CsvSource({
    "https://kaka.example.com/, https://kaka.example.com/#/tasks/" + TASK,
    "https://kaka.example.com, https://kaka.example.com/#/tasks/" + TASK,
    "http://127.0.0.1:8080/kaka, http://127.0.0.1:8080/kaka/#/tasks/" + TASK,
  })
  void linksTheTaskPageUnderThePublicUrl(String publicUrl, String page) {
    runner
        .withPropertyValues("kaka.dashboard.public-url=" + publicUrl)
        .run(
            context ->
                assertThat(context.getBean(DashboardProperties.class).taskPage(TASK))
                    .hasValue(page));
  }

  @Test
  void withoutAPublicUrlThereIsNoLink() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(DashboardProperties.class).taskPage(TASK)).isEmpty();
        });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kaka.example.com",
        "ftp://kaka.example.com/",
        "https://user:pass@kaka.example.com/",
        "https://kaka.example.com/?page=1",
        "https://kaka.example.com/#/tasks"
      })
  void refusesToStartWithAnAddressThatIsNoPage(String publicUrl) {
    runner
        .withPropertyValues("kaka.dashboard.public-url=" + publicUrl)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("publicUrl")
                  .hasStackTraceContaining("without user, query or fragment");
            });
  }
}
