package dev.kaka.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.worker.agent.sandbox.SandboxHealthIndicator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The worker's start-up check: where no sandbox can start, the worker says why, reports itself not
 * ready and takes no task; where one can, it does.
 */
class SandboxStartUpTest {

  @TempDir Path data;

  @Test
  void aWorkerWhoseSandboxCannotStartTakesNoTaskAndIsNotReady() {
    try (ConfigurableApplicationContext worker = start("kaka-no-such-bwrap")) {
      assertThat(worker.getBean(SandboxHealthIndicator.class).health())
          .satisfies(
              health -> {
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails().get("sandbox").toString())
                    .contains("bubblewrap could not be started");
              });
      assertThat(
              worker
                  .getBean(KafkaListenerEndpointRegistry.class)
                  .getListenerContainer("kaka-worker")
                  .isRunning())
          .isFalse();
    }
  }

  @Test
  void aWorkerWithAWorkingSandboxTakesTasksAndIsReady() {
    try (ConfigurableApplicationContext worker = start("bwrap")) {
      assertThat(worker.getBean(SandboxHealthIndicator.class).health().getStatus())
          .isEqualTo(Status.UP);
      assertThat(
              worker
                  .getBean(KafkaListenerEndpointRegistry.class)
                  .getListenerContainer("kaka-worker")
                  .isRunning())
          .isTrue();
    }
  }

  private ConfigurableApplicationContext start(String bubblewrap) {
    return SpringApplication.run(
        WorkerApplication.class,
        "--server.port=0",
        "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
        "--spring.kafka.consumer.group-id=sandbox-start-up-" + bubblewrap,
        "--kaka.agent.sandbox-programs.bubblewrap=" + bubblewrap,
        "--kaka.git.cache-dir=" + data.resolve("cache"),
        "--kaka.git.workspace-dir=" + data.resolve("workspaces"),
        "--KAKA_SECRETS_DIR=" + data.resolve("secrets"));
  }
}
