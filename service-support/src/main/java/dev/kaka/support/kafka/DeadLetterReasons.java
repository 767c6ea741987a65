package dev.kaka.support.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames;

/**
 * The exception headers of a dead letter, as spring-kafka writes them, except that the message ends
 * with the deepest cause's: spring-kafka's says only "failed to deserialize" for a record that
 * could not be read, while the cause says why, such as a type that is not one of its topic's
 * events.
 */
public final class DeadLetterReasons {

  private DeadLetterReasons() {}

  /** {@code recoverer}, writing these headers. */
  public static DeadLetterPublishingRecoverer explaining(DeadLetterPublishingRecoverer recoverer) {
    recoverer.setExceptionHeadersCreator(DeadLetterReasons::addHeaders);
    return recoverer;
  }

  static void addHeaders(Headers headers, Exception failure, boolean isKey, HeaderNames names) {
    HeaderNames.ExceptionInfo info = names.getExceptionInfo();
    Throwable cause = deepestCause(failure);
    put(
        headers,
        isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(),
        failure.getClass().getName());
    if (!isKey && cause != failure) {
      put(headers, info.getExceptionCauseFqcn(), cause.getClass().getName());
    }
    put(
        headers,
        isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(),
        reason(failure));
    put(
        headers,
        isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(),
        stackTrace(failure));
  }

  /** Replaces what an earlier delivery wrote, as spring-kafka does by default. */
  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The failure's message, then its deepest cause's when that is another. */
  static String reason(Throwable failure) {
    Throwable cause = deepestCause(failure);
    if (cause == failure || cause.getMessage() == null) {
      return String.valueOf(failure.getMessage());
    }
    return failure.getMessage() == null
        ? cause.getMessage()
        : failure.getMessage() + "; " + cause.getMessage();
  }

  private static Throwable deepestCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String stackTrace(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
