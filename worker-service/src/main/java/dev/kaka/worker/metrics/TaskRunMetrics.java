package dev.kaka.worker.metrics;

import dev.kaka.common.event.IssueTriggered;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;

/**
 * Measures tasks where they run. A worker handles a trigger in its listener from start to outcome,
 * so the listener's observation of an {@link IssueTriggered} record spans the task: {@code
 * kaka_task_queue_wait_seconds} (trigger published → picked up), {@code kaka_task_duration_seconds}
 * (picked up → outcome published) and {@code kaka_worker_tasks_running} (tasks this replica runs
 * now).
 */
@Component
class TaskRunMetrics implements ObservationHandler<KafkaRecordReceiverContext> {

  private static final Duration MIN_EXPECTED = Duration.ofMillis(100);
  private static final Duration MAX_EXPECTED = Duration.ofHours(2);

  private final MeterRegistry registry;
  private final Clock clock;
  private final AtomicInteger running = new AtomicInteger();

  TaskRunMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    Gauge.builder("kaka.worker.tasks.running", running, AtomicInteger::get)
        .description("Tasks this worker replica is running now")
        .register(registry);
  }

  @Override
  public void onStart(KafkaRecordReceiverContext context) {
    if (!(context.getRecord().value() instanceof IssueTriggered task)) {
      return;
    }
    running.incrementAndGet();
    String repository = task.repository().fullName();
    Duration waited = Duration.between(task.occurredAt(), clock.instant());
    // clocks of different hosts disagree a little; a negative wait is no wait
    histogram(
            "kaka.task.queue.wait",
            "Time from the trigger to a worker picking the task up",
            repository)
        .record(waited.isNegative() ? Duration.ZERO : waited);
    context.put(Run.class, new Run(repository, System.nanoTime()));
  }

  @Override
  public void onStop(KafkaRecordReceiverContext context) {
    Run run = context.get(Run.class);
    if (run == null) {
      return;
    }
    running.decrementAndGet();
    histogram(
            "kaka.task.duration",
            "Time a worker spent on a task, from pick-up to outcome",
            run.repository())
        .record(Duration.ofNanos(System.nanoTime() - run.startNanos()));
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof KafkaRecordReceiverContext;
  }

  private Timer histogram(String name, String description, String repository) {
    return Timer.builder(name)
        .description(description)
        .tag("repository", repository)
        .publishPercentileHistogram()
        .minimumExpectedValue(MIN_EXPECTED)
        .maximumExpectedValue(MAX_EXPECTED)
        .register(registry);
  }

  private record Run(String repository, long startNanos) {}
}
