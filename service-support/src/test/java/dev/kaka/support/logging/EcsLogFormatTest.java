package dev.kaka.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MarkerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** Kaka's ECS lines are Spring Boot's, byte for byte. */
class EcsLogFormatTest {

  private static final LoggerContext CONTEXT = new LoggerContext();

  static {
    CONTEXT.setMDCAdapter(new LogbackMDCAdapter());
  }

  private static final Logger LOGGER = CONTEXT.getLogger("dev.kaka.worker.task.TaskRunner");

  static Stream<Arguments> events() {
    LoggingEvent plain = event("Task 7 started for octo/hello#4", null);
    LoggingEvent withIds =
        event("Task {} queued for {} (delivery {})", null, "7c9e", "octo/hello#4", "d-1");
    withIds.setMDCPropertyMap(Map.of("taskId", "7c9e", "deliveryId", "d-1"));
    LoggingEvent failed =
        event(
            "Delivery d-2 could not be handled",
            new IllegalStateException("the \"queue\" is\ngone", new RuntimeException("cause")));
    LoggingEvent marked = event("marked ünïcode ✓", null);
    marked.addMarker(MarkerFactory.getMarker("AUDIT"));
    marked.addKeyValuePair(new org.slf4j.event.KeyValuePair("attempt", 2));
    return Stream.of(
        Arguments.of("plain", plain),
        Arguments.of("with the task's ids", withIds),
        Arguments.of("with an exception", failed),
        Arguments.of("with a marker", marked));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void writesWhatSpringBootsEcsFormatWrites(String description, LoggingEvent event) {
    String boots = new String(encoder("ecs").encode(event), StandardCharsets.UTF_8);
    String ours =
        new String(encoder(EcsLogFormat.class.getName()).encode(event), StandardCharsets.UTF_8);

    assertThat(ours).isEqualTo(boots).contains("\"ecs\":{\"version\":\"8.11\"}");
  }

  private static StructuredLogEncoder encoder(String format) {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("spring.application.name", "kaka-test")
            .withProperty("spring.application.pid", "4242")
            .withProperty("logging.structured.ecs.service.version", "1.2.3");
    CONTEXT.putObject(Environment.class.getName(), environment);
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(CONTEXT);
    encoder.setFormat(format);
    encoder.start();
    return encoder;
  }

  private static LoggingEvent event(String message, Throwable failure, Object... arguments) {
    LoggingEvent event =
        new LoggingEvent(Logger.class.getName(), LOGGER, Level.INFO, message, failure, arguments);
    event.setThreadName("reactor-http-epoll-1");
    return event;
  }
}
