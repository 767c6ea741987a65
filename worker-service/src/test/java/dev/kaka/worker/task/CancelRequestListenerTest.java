package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.Topics;
import dev.kaka.common.event.CancelRequested;
import dev.kaka.common.event.ControlEvent;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every worker reads the control topic without a consumer group, from {@code
 * kaka.worker.max-trigger-age} ago: its starts leave nothing behind on the broker, and it never
 * reads the topic's whole history. What it cannot take goes to the dead letters.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CancelRequestListenerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RepositoryRef REPOSITORY =
      new RepositoryRef("acme", "widgets", "https://github.com/acme/widgets.git", "main");

  @TempDir Path temp;

  @Test
  void hearsTheCancellationsOfTheLastDayAndLaterOnesButNoOlderOneAndJoinsNoGroup()
      throws Exception {
    // one issue, so one partition: once the newest request is heard, the older ones were read
    // or skipped
    IssueRef issue = new IssueRef(7, "Fix typo", "https://github.com/acme/widgets/issues/7");
    CancelRequested old = cancel("t-old", issue, Instant.now().minus(Duration.ofDays(2)));
    CancelRequested recent = cancel("t-recent", issue, Instant.now().minus(Duration.ofHours(1)));
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()))) {
      publish(old, recent);
      Set<String> groupsBefore = groups(admin);

      try (ConfigurableApplicationContext worker = TestWorker.start(temp)) {
        CancelRequested later = cancel("t-later", issue, Instant.now());
        publish(later);
        Cancellations cancellations = worker.getBean(Cancellations.class);

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> cancellations.requester(later.taskId(), 1).isPresent());
        assertThat(cancellations.requester(recent.taskId(), 1)).hasValue("alice");
        assertThat(cancellations.requester(old.taskId(), 1)).isEmpty();
        assertThat(
                worker
                    .getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(CancelRequestListener.ID)
                    .getGroupId())
            .isNull();
        Set<String> newGroups = new HashSet<>(groups(admin));
        newGroups.removeAll(groupsBefore);
        assertThat(newGroups)
            .as("the groups that appeared: the task listeners' at most")
            .allMatch(group -> group.startsWith(TestWorker.TASK_GROUP))
            .noneMatch(group -> group.startsWith(CancelRequestListener.ID));
      }
    }
  }

  @Test
  void aRequestOfANewerVersionOrOfAnotherTopicsTypeIsDeadLetteredWithItsReason() throws Exception {
    IssueRef issue = new IssueRef(8, "Fix typo", "https://github.com/acme/widgets/issues/8");
    // older than the other test's window, so that on a shared partition they come before none of
    // the requests it must hear from the last day; this worker's window takes them in
    Instant at = Instant.now().minus(Duration.ofDays(3));
    CancelRequested request = cancel("t-newer", issue, at);
    String newer =
        JSON.writeValueAsString(request).replace("\"schemaVersion\":1", "\"schemaVersion\":2");
    String ofAnotherTopic =
        JSON.writeValueAsString(
            new TaskCancelled(1, "t-other", "d-other", REPOSITORY, issue, 1, "alice", at));
    try (ConfigurableApplicationContext worker =
            TestWorker.start(temp, "kaka.worker.max-trigger-age=4d");
        TopicReader deadLetters =
            TopicReader.fromEnd(
                KafkaBroker.shared().bootstrapServers(),
                ControlListenerConfiguration.DEAD_LETTERS)) {
      publishRaw(request.partitionKey(), newer, at);
      publishRaw(request.partitionKey(), ofAnotherTopic, at);
      CancelRequested readable = cancel("t-readable", issue, at);
      publish(readable);

      List<ConsumerRecord<String, String>> dead = deadLetters.await(2);
      assertThat(dead).extracting(ConsumerRecord::value).containsExactly(newer, ofAnotherTopic);
      assertThat(reason(dead.get(0)))
          .contains(
              "CancelRequested of task "
                  + request.taskId()
                  + ": schema version 2 is newer than the 1 this service reads");
      assertThat(reason(dead.get(1)))
          .contains("TaskCancelled")
          .contains(ControlEvent.class.getName());
      Cancellations cancellations = worker.getBean(Cancellations.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cancellations.requester(readable.taskId(), 1).isPresent());
      assertThat(cancellations.requester(request.taskId(), 1)).isEmpty();
    }
  }

  private static String reason(ConsumerRecord<String, String> deadLetter) {
    return new String(
        deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
        StandardCharsets.UTF_8);
  }

  private static void publishRaw(String key, String value, Instant at) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.TASK_CONTROL, null, at.toEpochMilli(), key, value))
          .get();
    }
  }

  private static CancelRequested cancel(String id, IssueRef issue, Instant at) {
    String taskId = id + "-" + UUID.randomUUID();
    return new CancelRequested(
        TaskEvent.SCHEMA_VERSION, taskId, "d-" + taskId, REPOSITORY, issue, 1, "alice", at);
  }

  /** As the ingress publishes them; each record's time is when its request was made. */
  private static void publish(CancelRequested... requests) throws Exception {
    DefaultKafkaProducerFactory<String, TaskEvent> producers =
        new DefaultKafkaProducerFactory<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
            new StringSerializer(),
            new JacksonJsonSerializer<>());
    try {
      KafkaTemplate<String, TaskEvent> kafka = new KafkaTemplate<>(producers);
      for (CancelRequested request : requests) {
        kafka
            .send(
                new ProducerRecord<>(
                    Topics.TASK_CONTROL,
                    null,
                    request.occurredAt().toEpochMilli(),
                    request.partitionKey(),
                    request))
            .get();
      }
    } finally {
      producers.destroy();
    }
  }

  private static Set<String> groups(Admin admin) throws Exception {
    return admin.listGroups().all().get().stream()
        .map(GroupListing::groupId)
        .collect(Collectors.toSet());
  }
}
