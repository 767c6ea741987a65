package dev.kaka.notifier.janitor;

import dev.kaka.common.Topics;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.support.secrets.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Learns of every trigger the workers dead-letter: when its task had started, nothing will report
 * how it ended, so the janitor fails it on its next round (see {@link Janitor}). It only records
 * them, for the replica that holds the janitor's lease, and ignores what is not a trigger (a poison
 * record parked as it came).
 */
class DeadLetterListener {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterListener.class);
  private static final ObjectReader TRIGGERS =
      JsonMapper.builder().build().readerFor(IssueTriggered.class);
  // the retry topics name the last failure kafka_exception-*; a recoverer, kafka_dlt-exception-*
  private static final String[] REASON_HEADERS = {
    KafkaHeaders.EXCEPTION_MESSAGE, KafkaHeaders.DLT_EXCEPTION_MESSAGE
  };
  // a reason is shown to people and stored (masked); its first lines say what happened
  private static final int REASON_LIMIT = 500;

  private final DeadLetters deadLetters;
  private final Clock clock;

  DeadLetterListener(DeadLetters deadLetters, Clock clock) {
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  @KafkaListener(
      id = "kaka-notifier-janitor",
      topics = Topics.ISSUE_TRIGGERED_DEAD_LETTERS,
      properties = "value.deserializer=org.apache.kafka.common.serialization.StringDeserializer")
  void on(ConsumerRecord<String, String> record) {
    IssueTriggered trigger = readable(record);
    if (trigger != null) {
      deadLetters.add(
          DeadLetter.of(trigger.taskId(), trigger.attempt(), reason(record), clock.instant()));
    }
  }

  private static IssueTriggered readable(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      return TRIGGERS.readValue(record.value());
    } catch (JacksonException notATrigger) {
      log.debug(
          "Dead letter {}-{}@{} is not a trigger: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          notATrigger.getOriginalMessage());
      return null;
    }
  }

  private static String reason(ConsumerRecord<String, String> record) {
    for (String name : REASON_HEADERS) {
      Header header = record.headers().lastHeader(name);
      if (header != null && header.value() != null) {
        // an exception's message may quote what it failed on, and the reason reaches comments
        String reason =
            SecretMasker.shapesOnly()
                .mask(new String(header.value(), StandardCharsets.UTF_8).strip());
        return reason.length() <= REASON_LIMIT ? reason : reason.substring(0, REASON_LIMIT) + " …";
      }
    }
    return "no reason recorded";
  }
}
