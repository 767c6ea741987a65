package dev.kaka.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskCancelled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MDC;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

class TaskLogContextTest {

  private static final TaskCancelled EVENT =
      new TaskCancelled(
          1,
          "task-from-event",
          "delivery-from-event",
          new RepositoryRef("octo", "repo", "https://example/octo/repo.git", "main"),
          new IssueRef(7, "title", "https://example/octo/repo/issues/7"),
          1,
          "octo",
          Instant.EPOCH);

  private final TaskLogContext logContext = new TaskLogContext();

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  static Stream<Arguments> records() {
    return Stream.of(
        Arguments.of(
            "headers win over the event",
            record(EVENT, "task-h", "delivery-h"),
            "task-h",
            "delivery-h"),
        Arguments.of(
            "the event when a producer set no headers",
            record(EVENT, null, null),
            "task-from-event",
            "delivery-from-event"),
        Arguments.of(
            "headers of a record that is no task event",
            record("text", "task-h", null),
            "task-h",
            null),
        Arguments.of("nothing for a plain record", record("text", null, null), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void putsTheTaskIntoTheMdcWhileTheListenerRuns(
      String description, ConsumerRecord<String, Object> record, String taskId, String deliveryId) {
    KafkaRecordReceiverContext context = new KafkaRecordReceiverContext(record, "id", () -> "c");

    logContext.onScopeOpened(context);
    assertThat(MDC.get("taskId")).isEqualTo(taskId);
    assertThat(MDC.get("deliveryId")).isEqualTo(deliveryId);

    logContext.onScopeClosed(context);
    assertThat(MDC.get("taskId")).isNull();
    assertThat(MDC.get("deliveryId")).isNull();
  }

  @Test
  void stampsPublishedTaskEventsWithTheirIdsReplacingStaleHeaders() {
    ProducerRecord<Object, Object> record = new ProducerRecord<>("topic", "key", EVENT);
    record.headers().add("kaka-task-id", bytes("stale"));

    new TaskHeaders().onSend(record);

    assertThat(record.headers().headers("kaka-task-id"))
        .singleElement()
        .extracting(header -> new String(header.value(), StandardCharsets.UTF_8))
        .isEqualTo("task-from-event");
    assertThat(
            new String(
                record.headers().lastHeader("kaka-delivery-id").value(), StandardCharsets.UTF_8))
        .isEqualTo("delivery-from-event");
  }

  @Test
  void leavesOtherRecordsAlone() {
    ProducerRecord<Object, Object> record = new ProducerRecord<>("topic", "key", "text");

    new TaskHeaders().onSend(record);

    assertThat(record.headers().toArray()).isEmpty();
  }

  private static ConsumerRecord<String, Object> record(
      Object value, String taskId, String deliveryId) {
    ConsumerRecord<String, Object> record = new ConsumerRecord<>("topic", 0, 0, "key", value);
    if (taskId != null) {
      record.headers().add("kaka-task-id", bytes(taskId));
    }
    if (deliveryId != null) {
      record.headers().add("kaka-delivery-id", bytes(deliveryId));
    }
    return record;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
