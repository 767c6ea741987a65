package dev.kaka.notifier.metrics;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.TriggerRefused;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;

/**
 * Counts tasks by what happened to them, from the task events the notifier consumes: it reads every
 * task's whole story, and runs few, long-lived replicas, so its counts survive worker scale-downs.
 * An event redelivered to this replica is counted once; the listener's retries count nothing more.
 */
@Component
class TaskEventMetrics implements ObservationHandler<KafkaRecordReceiverContext> {

  private final MeterRegistry registry;
  private final SeenEvents seen = new SeenEvents(100_000);

  TaskEventMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onStart(KafkaRecordReceiverContext context) {
    if (context.getRecord().value() instanceof TaskEvent event && seen.firstTime(event)) {
      count(event);
    }
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof KafkaRecordReceiverContext;
  }

  void count(TaskEvent event) {
    String repository = event.repository().fullName();
    if (event instanceof IssueTriggered) {
      counter("kaka.tasks.queued", "Tasks queued by a trigger", repository).increment();
    } else if (event instanceof TaskStarted) {
      counter("kaka.tasks.started", "Tasks a worker started", repository).increment();
    } else if (event instanceof TaskCompleted completed) {
      counter("kaka.tasks.completed", "Tasks that ended with a pushed change", repository)
          .increment();
      agent(repository, completed.agent());
    } else if (event instanceof TaskFailed failed) {
      Counter.builder("kaka.tasks.failed")
          .description("Tasks that ended without a change, by failure kind")
          .tag("repository", repository)
          .tag("failure", failed.failure().name())
          .register(registry)
          .increment();
      agent(repository, failed.agent());
    } else if (event instanceof TaskCancelled) {
      counter("kaka.tasks.cancelled", "Tasks stopped on request", repository).increment();
    } else if (event instanceof TriggerRefused) {
      counter("kaka.triggers.refused", "Triggers Kaka refused to act on", repository).increment();
    }
  }

  private void agent(String repository, AgentReport report) {
    if (report.turns() != null) {
      counter("kaka.agent.turns", "The agent's turns (model answers) on finished tasks", repository)
          .increment(report.turns());
    }
    if (report.costUsd() != null) {
      Counter.builder("kaka.agent.cost")
          .description("What the agent reported its finished tasks cost")
          .baseUnit("usd")
          .tag("repository", repository)
          .register(registry)
          .increment(report.costUsd());
    }
  }

  private Counter counter(String name, String description, String repository) {
    return Counter.builder(name)
        .description(description)
        .tag("repository", repository)
        .register(registry);
  }
}
