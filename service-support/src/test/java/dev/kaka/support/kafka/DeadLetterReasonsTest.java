package dev.kaka.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;

class DeadLetterReasonsTest {

  private static final DeserializationException UNREADABLE =
      new DeserializationException(
          "failed to deserialize",
          new byte[0],
          false,
          new SerializationException(
              "Can't deserialize data from topic [kaka.task-events]",
              new IllegalArgumentException("type id 'CancelRequested' is not a RunEvent")));

  @Test
  void theReasonOfAnUnreadableRecordEndsWithWhyItCouldNotBeRead() {
    assertThat(DeadLetterReasons.reason(UNREADABLE))
        .isEqualTo("failed to deserialize; type id 'CancelRequested' is not a RunEvent");
  }

  @Test
  void theReasonOfAFailureWithoutACauseIsItsMessage() {
    assertThat(DeadLetterReasons.reason(new IllegalStateException("schema version 2 is newer")))
        .isEqualTo("schema version 2 is newer");
  }

  @Test
  void theHeadersOfAnEarlierDeliveryAreReplaced() {
    Headers headers = new RecordHeaders();
    headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "an earlier failure".getBytes());

    DeadLetterPublishingRecoverer.HeaderNames names =
        DeadLetterPublishingRecoverer.HeaderNames.Builder.original()
            .offsetHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
            .timestampHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP)
            .timestampTypeHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE)
            .topicHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)
            .partitionHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION)
            .consumerGroupHeader(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)
            .exception()
            .keyExceptionFqcn(KafkaHeaders.DLT_KEY_EXCEPTION_FQCN)
            .exceptionFqcn(KafkaHeaders.DLT_EXCEPTION_FQCN)
            .exceptionCauseFqcn(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)
            .keyExceptionMessage(KafkaHeaders.DLT_KEY_EXCEPTION_MESSAGE)
            .exceptionMessage(KafkaHeaders.DLT_EXCEPTION_MESSAGE)
            .keyExceptionStacktrace(KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE)
            .exceptionStacktrace(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)
            .build();

    DeadLetterReasons.addHeaders(headers, UNREADABLE, false, names);

    assertThat(headers.headers(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
        .singleElement()
        .extracting(header -> new String(header.value(), StandardCharsets.UTF_8))
        .isEqualTo("failed to deserialize; type id 'CancelRequested' is not a RunEvent");
    assertThat(text(headers, KafkaHeaders.DLT_EXCEPTION_FQCN))
        .isEqualTo(DeserializationException.class.getName());
    assertThat(text(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
        .isEqualTo(IllegalArgumentException.class.getName());
    assertThat(text(headers, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains("is not a RunEvent");
  }

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
