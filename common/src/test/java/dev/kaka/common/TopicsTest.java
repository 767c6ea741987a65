package dev.kaka.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.kaka.common.event.TaskEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {

  @ParameterizedTest
  @CsvSource({
    "kaka.issue-triggered, dev.kaka.common.event.TriggerEvent",
    "kaka.issue-triggered-worker-retry-0, dev.kaka.common.event.TriggerEvent",
    "kaka.issue-triggered-worker-dlt, dev.kaka.common.event.TriggerEvent",
    "kaka.task-events, dev.kaka.common.event.RunEvent",
    "kaka.task-events-notifier-dlt, dev.kaka.common.event.RunEvent",
    "kaka.task-control, dev.kaka.common.event.ControlEvent"
  })
  void aTopicAndTheRetryAndDeadLetterTopicsNamedAfterItCarryItsInterface(
      String topic, Class<? extends TaskEvent> events) {
    assertThat(Topics.eventsOn(topic)).isEqualTo(events);
  }

  @ParameterizedTest
  @CsvSource({"kaka.reports", "kaka.task-eventsx", "kaka"})
  void aTopicOfNoTaskEventsHasNoInterface(String topic) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.eventsOn(topic))
        .withMessage(topic + " carries no task events");
  }
}
