package dev.kaka.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutageLogThrottleTest {

  private final AtomicLong now = new AtomicLong();
  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> written = new ListAppender<>();

  @BeforeEach
  void logback() {
    written.setContext(context);
    written.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(written);
    OutageLogThrottle throttle = new OutageLogThrottle(now::get);
    throttle.setContext(context);
    throttle.start();
    context.addTurboFilter(throttle);
  }

  @Test
  void aDependencyWritesTenLinesAMinuteAndThenSaysHowManyItHeldBack() {
    Logger kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");

    for (int i = 0; i < 50; i++) {
      kafka.warn("Connection to node {} could not be established", -1);
    }
    assertThat(messages()).hasSize(OutageLogThrottle.LINES_PER_WINDOW);

    now.addAndGet(Duration.ofSeconds(61).toNanos());
    kafka.warn("Connection to node {} could not be established", -1);

    assertThat(messages())
        .hasSize(OutageLogThrottle.LINES_PER_WINDOW + 2)
        .element(OutageLogThrottle.LINES_PER_WINDOW)
        .asString()
        .contains("40 more lines of the Kafka client were not logged in the last minute");
  }

  @Test
  void eachDependencyHasItsOwnBudgetAndKakasOwnLinesAreNeverHeldBack() {
    Logger kafka = context.getLogger("org.springframework.kafka.listener.Container");
    Logger mongo = context.getLogger("org.mongodb.driver.cluster");
    Logger kaka = context.getLogger("dev.kaka.worker.task.TaskRunner");

    for (int i = 0; i < 30; i++) {
      kafka.error("Consumer exception");
      mongo.info("Waiting for server to become available for operation find");
      kaka.info("task {} started", i);
    }

    assertThat(messages())
        .filteredOn(message -> message.startsWith("Consumer exception"))
        .hasSize(OutageLogThrottle.LINES_PER_WINDOW);
    assertThat(messages())
        .filteredOn(message -> message.startsWith("Waiting for server"))
        .hasSize(OutageLogThrottle.LINES_PER_WINDOW);
    assertThat(messages()).filteredOn(message -> message.startsWith("task ")).hasSize(30);
  }

  @Test
  void withoutAWarningEveryLineIsWrittenAndAMinuteAfterTheLastWarningAgain() {
    Logger kafka = context.getLogger("org.apache.kafka.clients.consumer.ConsumerConfig");
    for (int i = 0; i < 30; i++) {
      kafka.info("ConsumerConfig values: {}", i);
    }
    assertThat(messages()).hasSize(30);

    for (int i = 0; i < 30; i++) {
      kafka.warn("Connection to node -1 could not be established");
    }
    assertThat(messages()).hasSize(30 + OutageLogThrottle.LINES_PER_WINDOW);

    now.addAndGet(Duration.ofSeconds(61).toNanos());
    for (int i = 0; i < 30; i++) {
      kafka.info("Subscribed to topic {}", i);
    }
    assertThat(messages())
        .hasSize(30 + OutageLogThrottle.LINES_PER_WINDOW + 1 + 30)
        .contains(
            "20 more lines of the Kafka client were not logged in the last minute (at most 10 a minute are)");
  }

  @Test
  void linesBelowTheLoggersLevelDoNotUseTheBudget() {
    Logger kafka = context.getLogger("org.apache.kafka.clients.Metadata");

    for (int i = 0; i < 100; i++) {
      kafka.debug("metadata update {}", i);
    }
    kafka.warn("Bootstrap broker disconnected");

    assertThat(messages()).containsExactly("Bootstrap broker disconnected");
  }

  private List<String> messages() {
    return written.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
