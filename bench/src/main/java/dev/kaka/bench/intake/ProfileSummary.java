package dev.kaka.bench.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the ingress's CPU went during a case, from a Java Flight Recorder file: the share of the
 * execution samples spent inside each stage of a delivery (a sample counts for every stage on its
 * stack, so stages nest), and the methods most often on top of the stack.
 *
 * <p>{@code java ProfileSummary FILE.jfr SINCE-EPOCH-MS [TOP]} prints a Markdown table of each,
 * over the samples taken since then. The recording must have started with the JVM: starting one
 * later makes the JIT compile the hot paths again, on a 2-core machine for most of a minute.
 */
public final class ProfileSummary {

  /** A stage of a delivery, recognised by a frame on the sample's stack. */
  private record Stage(String name, Predicate<String> frame) {

    static Stage within(String name, String... methodPrefixes) {
      return new Stage(name, method -> Arrays.stream(methodPrefixes).anyMatch(method::startsWith));
    }
  }

  private static final List<Stage> STAGES =
      List.of(
          Stage.within(
              "HTTP server (Netty event loops: read, decode, write)",
              "io.netty.channel.nio.",
              "io.netty.channel.epoll.",
              "io.netty.channel.SingleThreadIoEventLoop",
              "io.netty.util.concurrent.SingleThreadEventExecutor"),
          Stage.within(
              "  webhook handling (WebhookEndpoint and below)",
              "dev.kaka.ingress.webhook.WebhookEndpoint."),
          Stage.within(
              "    signature (HMAC-SHA256)",
              "dev.kaka.ingress.webhook.SignatureVerifier.",
              "dev.kaka.ingress.webhook.WebhookSecrets.isValid"),
          Stage.within("    payload JSON tree", "tools.jackson.databind.ObjectMapper.readTree"),
          Stage.within("    trigger rules", "dev.kaka.ingress.trigger.TriggerRules."),
          Stage.within(
              "    Kafka send (template, serializer, producer append)",
              "org.springframework.kafka.core.KafkaTemplate."),
          Stage.within(
              "      event serialization (JSON)",
              "org.springframework.kafka.support.serializer.JacksonJsonSerializer."),
          Stage.within(
              "    answer (JSON body, headers, write)",
              "org.springframework.web.reactive.function.server.DefaultEntityResponseBuilder",
              "org.springframework.http.codec.EncoderHttpMessageWriter."),
          Stage.within("  logging (any log line)", "ch.qos.logback.", "org.slf4j."),
          Stage.within("  metrics (Micrometer)", "io.micrometer."),
          Stage.within(
              "Kafka producer network thread",
              "org.apache.kafka.clients.producer.internals.Sender."));

  private final Map<String, Integer> perStage = new LinkedHashMap<>();
  private final Map<String, Integer> topFrames = new HashMap<>();
  private int samples;

  public static void main(String[] args) {
    ProfileSummary summary = read(Path.of(args[0]), Instant.ofEpochMilli(Long.parseLong(args[1])));
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    System.out.print(summary.report(top));
  }

  static ProfileSummary read(Path file, Instant since) {
    ProfileSummary summary = new ProfileSummary();
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (event.getEventType().getName().equals("jdk.ExecutionSample")
            && event.getStackTrace() != null
            && !event.getStartTime().isBefore(since)) {
          summary.add(event.getStackTrace().getFrames());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return summary;
  }

  private void add(List<RecordedFrame> frames) {
    samples++;
    List<String> methods = frames.stream().map(ProfileSummary::methodOf).toList();
    if (!methods.isEmpty()) {
      topFrames.merge(methods.get(0), 1, Integer::sum);
    }
    for (Stage stage : STAGES) {
      if (methods.stream().anyMatch(stage.frame())) {
        perStage.merge(stage.name(), 1, Integer::sum);
      }
    }
  }

  private static String methodOf(RecordedFrame frame) {
    return Optional.ofNullable(frame.getMethod())
        .map(method -> method.getType().getName() + "." + method.getName())
        .orElse("?");
  }

  String report(int top) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%,d execution samples of the ingress's Java threads.%n%n", samples));
    out.append("| stage (a sample counts for each stage on its stack) | share of samples |\n");
    out.append("|---|---:|\n");
    for (Stage stage : STAGES) {
      int count = perStage.getOrDefault(stage.name(), 0);
      if (count > 0) {
        out.append(
            String.format("| %s | %s |%n", stage.name().replace(" ", "&nbsp;"), percent(count)));
      }
    }
    out.append("\n| method on top of the stack | share of samples |\n|---|---:|\n");
    topFrames.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(top)
        .forEach(
            entry ->
                out.append(
                    String.format("| `%s` | %s |%n", entry.getKey(), percent(entry.getValue()))));
    return out.toString();
  }

  private String percent(int count) {
    return String.format("%.1f %%", 100.0 * count / Math.max(1, samples));
  }
}
