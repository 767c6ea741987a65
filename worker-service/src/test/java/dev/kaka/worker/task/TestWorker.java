package dev.kaka.worker.task;

import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.worker.WorkerApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole worker application on the shared broker, its agent the stub (no credentials, no
 * sandbox), its files under a test's directory.
 */
final class TestWorker {

  /** The task listeners' group: the listener's id, which spring-kafka takes as its group. */
  static final String TASK_GROUP = "kaka-worker";

  private TestWorker() {}

  static ConfigurableApplicationContext start(Path data, String... properties) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--kaka.agent.sandbox=off",
                "--kaka.agent.command="
                    + String.join(",", StubAgent.command(StubAgent.install(data.resolve("bin")))),
                "--kaka.git.cache-dir=" + data.resolve("cache"),
                "--kaka.git.workspace-dir=" + data.resolve("workspaces"),
                "--KAKA_SECRETS_DIR=" + data.resolve("secrets")));
    for (String property : properties) {
      arguments.add("--" + property);
    }
    return SpringApplication.run(WorkerApplication.class, arguments.toArray(String[]::new));
  }
}
