package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.Topics;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM to a worker JVM with a task running, as Kubernetes stops a pod: the task may finish
 * within {@code kaka.worker.shutdown-grace}; past it the agent's processes are killed and the task
 * is left, neither failed nor dead-lettered, for the next worker to run.
 */
class WorkerShutdownEndToEndTest {

  /** Past the grace: killing the agent's tree, closing the consumers, leaving the JVM. */
  private static final Duration STOPPING = Duration.ofSeconds(15);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RunningSystem kaka = RunningSystem.get();

  @AfterEach
  void workerBack() {
    if (!kaka.system.service(LocalSettings.WORKER).isAlive()) {
      kaka.system.restart(LocalSettings.WORKER);
    }
  }

  @Test
  void aTaskThatEndsWithinTheGraceIsFinishedByTheStoppingWorkerWhichThenExits() {
    Scenario issue =
        new Scenario(
            kaka,
            "shutdown-finishes",
            "Fix the typo",
            StubAgent.slow((int) RunningSystem.SHUTDOWN_GRACE.toSeconds() - 1));
    String taskId = issue.trigger(issue.labeled());
    ServiceProcess worker = kaka.system.service(LocalSettings.WORKER);
    awaitAgent(worker, issue);

    worker.terminate();

    assertThat(worker.awaitExit(RunningSystem.SHUTDOWN_GRACE.plus(STOPPING)))
        .as("the worker exits")
        .isTrue();
    // no worker runs now: the one that was stopped finished the task
    JsonNode task = issue.awaitFinished(taskId);
    assertThat(task.path("status").asString()).isEqualTo("completed");
    assertThat(task.path("attempt").asInt()).isEqualTo(1);
    assertThat(issue.onlyPullRequest().htmlUrl()).isEqualTo(task.path("pullRequestUrl").asString());
  }

  @Test
  void aTaskStillRunningWhenTheGraceEndsIsStoppedUnreportedAndRunByTheNextWorker() {
    // longer than the grace, shorter than the agent's timeout: the run after the restart ends well
    Scenario issue =
        new Scenario(
            kaka,
            "shutdown-abandons",
            "Fix the typo",
            StubAgent.slow((int) RunningSystem.SHUTDOWN_GRACE.toSeconds() * 2));
    String taskId = issue.trigger(issue.labeled());
    ServiceProcess worker = kaka.system.service(LocalSettings.WORKER);
    List<ProcessHandle> agent = awaitAgent(worker, issue);
    String bootstrap = KafkaBroker.shared().bootstrapServers();
    String workerTopics = Topics.ISSUE_TRIGGERED + "-worker-";
    try (TopicReader events = TopicReader.fromEnd(bootstrap, Topics.TASK_EVENTS);
        TopicReader retries = TopicReader.fromEnd(bootstrap, workerTopics + "retry-0");
        TopicReader deadLetters = TopicReader.fromEnd(bootstrap, workerTopics + "dlt")) {

      worker.terminate();

      assertThat(worker.awaitExit(RunningSystem.SHUTDOWN_GRACE.plus(STOPPING)))
          .as("the worker exits soon after its grace")
          .isTrue();
      assertThat(agent).as("the agent's processes are gone").noneMatch(ProcessHandle::isAlive);
      // no outcome, no retry, no dead letter: to GitHub and the API the task still runs
      assertThat(typesOf(taskId, events.settle())).allMatch("TaskProgressed"::equals);
      assertThat(retries.settle()).isEmpty();
      assertThat(deadLetters.settle()).isEmpty();
      assertThat(kaka.task(taskId).path("status").asString()).isEqualTo("running");
      assertThat(issue.onlyComment().body()).doesNotContain("could not finish");

      kaka.system.restart(LocalSettings.WORKER);

      JsonNode task = issue.awaitFinished(taskId);
      assertThat(task.path("status").asString()).isEqualTo("completed");
      // the same attempt, run again: it did not fail
      assertThat(task.path("attempt").asInt()).isEqualTo(1);
      assertThat(issue.onlyPullRequest().htmlUrl())
          .isEqualTo(task.path("pullRequestUrl").asString());
      assertThat(issue.onlyComment().body()).contains("opened a pull request");
    }
  }

  /**
   * The agent's processes once it runs (after the workspace is ready): the one whose command line,
   * the prompt included, names the issue's repository, and the child it started to wait in.
   */
  private static List<ProcessHandle> awaitAgent(ServiceProcess worker, Scenario issue) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                ProcessHandle.of(worker.pid())
                    .orElseThrow()
                    .descendants()
                    .filter(process -> process.info().commandLine().orElse("").contains(issue.repo))
                    .flatMap(agent -> Stream.concat(Stream.of(agent), agent.descendants()))
                    .toList(),
            processes -> processes.size() > 1);
  }

  private static List<String> typesOf(String taskId, List<ConsumerRecord<String, String>> records) {
    return records.stream()
        .map(record -> JSON.readTree(record.value()))
        .filter(event -> event.path("taskId").asString().equals(taskId))
        .map(event -> event.path("type").asString())
        .toList();
  }
}
