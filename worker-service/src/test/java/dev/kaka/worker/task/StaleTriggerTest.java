package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.Topics;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker whose group has no offsets (they expired while the fleet was stopped, or the group was
 * renamed) reads the trigger topic from its start: it must not run what is older than {@code
 * kaka.worker.max-trigger-age}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StaleTriggerTest {

  private static final String TOKEN = "ghs_StaleTriggerTestToken01";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path temp;

  @Test
  void aWorkerWithoutOffsetsFailsATwoDayOldTriggerAndRunsAFreshOneOfTheSameBatch()
      throws Exception {
    try (FakeGitHub github = FakeGitHub.start(temp.resolve("github"), TOKEN)) {
      RepositoryRef repository = repository(github);
      IssueTriggered stale =
          trigger(repository, "t-stale", Instant.now().minus(Duration.ofDays(2)));
      IssueTriggered fresh = trigger(repository, "t-fresh", Instant.now());
      forgetTheTaskGroupsOffsets();
      publish(stale, fresh);

      try (TopicReader events =
              TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.TASK_EVENTS);
          ConfigurableApplicationContext worker =
              TestWorker.start(
                  temp,
                  "kaka.git.remote-url=" + github.remoteUrlTemplate(),
                  "kaka.github.token=" + TOKEN,
                  "kaka.github.api-url=" + github.apiUrl())) {
        List<TaskEvent> published =
            await()
                .atMost(Duration.ofSeconds(90))
                .until(
                    () -> parse(events.settle()),
                    seen -> seen.stream().anyMatch(TaskCompleted.class::isInstance));

        assertThat(of(published, stale))
            .singleElement()
            .isInstanceOfSatisfying(
                TaskFailed.class,
                failed -> {
                  assertThat(failed.failure()).isEqualTo(FailureKind.STALE_TRIGGER);
                  assertThat(failed.retryable()).isFalse();
                  assertThat(failed.willRetry()).isFalse();
                  assertThat(failed.message())
                      .contains(stale.occurredAt().toString(), "kaka.worker.max-trigger-age");
                });
        assertThat(of(published, fresh)).first().isInstanceOf(TaskStarted.class);
        assertThat(of(published, fresh)).last().isInstanceOf(TaskCompleted.class);
      }
    }
  }

  private static RepositoryRef repository(FakeGitHub github) {
    FakeRepository created =
        github.createRepository(
            "acme",
            "widgets-" + UUID.randomUUID().toString().substring(0, 8),
            "main",
            Map.of("README.md", "# Widgets\n"));
    return new RepositoryRef(
        created.owner(), created.name(), created.cloneUrl(), created.defaultBranch());
  }

  /** Both on one issue, so on one partition: one batch, the old trigger first. */
  private static IssueTriggered trigger(RepositoryRef repository, String id, Instant at) {
    String taskId = id + "-" + UUID.randomUUID();
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        taskId,
        "d-" + taskId,
        repository,
        new IssueRef(1, "Add a change file", "https://github.com/acme/widgets/issues/1"),
        "Please add a change file.",
        new Trigger(TriggerKind.LABEL, "alice", ""),
        1,
        at);
  }

  private static void forgetTheTaskGroupsOffsets() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()))) {
      admin.deleteConsumerGroups(List.of(TestWorker.TASK_GROUP)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
    }
  }

  private static void publish(IssueTriggered... triggers) throws Exception {
    DefaultKafkaProducerFactory<String, TaskEvent> producers =
        new DefaultKafkaProducerFactory<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
            new StringSerializer(),
            new JacksonJsonSerializer<>());
    try {
      KafkaTemplate<String, TaskEvent> kafka = new KafkaTemplate<>(producers);
      for (IssueTriggered trigger : triggers) {
        kafka.send(Topics.ISSUE_TRIGGERED, trigger.partitionKey(), trigger).get();
      }
    } finally {
      producers.destroy();
    }
  }

  private static List<TaskEvent> parse(
      List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
    return records.stream().map(record -> JSON.readValue(record.value(), TaskEvent.class)).toList();
  }

  private static List<TaskEvent> of(List<TaskEvent> events, IssueTriggered trigger) {
    return events.stream().filter(event -> event.taskId().equals(trigger.taskId())).toList();
  }
}
