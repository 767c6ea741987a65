package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskFailed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CancellableAttemptTest {

  private final IssueTriggered task = TestTasks.onIssue(Instant.EPOCH);
  private final TaskEvents events = new TaskEvents("worker-1", Clock.systemUTC());
  private final Cancellations cancellations = new Cancellations();
  private final CancellableAttempt cancellable = new CancellableAttempt(cancellations, events);
  private final AtomicBoolean ran = new AtomicBoolean();
  private final AtomicBoolean interruptedWhileRunning = new AtomicBoolean();

  @Test
  void anAttemptNobodyStopsEndsWithItsOwnOutcome() {
    TaskFailed failed = failed();

    assertThat(cancellable.run(task, attempt(() -> failed))).isSameAs(failed);
    assertThat(cancellable.cancelledBeforeStart(task)).isEmpty();
  }

  @Test
  void aCancellationWhileItRunsInterruptsItAndEndsItAsCancelled() {
    RunEvent outcome = cancellable.run(task, cancelledWhileRunning(failed()));

    assertThat(interruptedWhileRunning).isTrue();
    assertThat(outcome)
        .isInstanceOfSatisfying(
            TaskCancelled.class, cancelled -> assertThat(cancelled.requester()).isEqualTo("bob"));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aCompletedAttemptStandsAgainstACancellationThatCameTooLate() {
    TaskCompleted completed =
        events.completed(
            new TaskRun(task, TestTasks.plan(), "kaka/issue-7"),
            "abc123",
            List.of("README.md"),
            AgentReport.empty());

    assertThat(cancellable.run(task, cancelledWhileRunning(completed))).isSameAs(completed);
  }

  @Test
  void anAttemptCancelledBeforeItStartsDoesNotRun() {
    cancellations.request(task.taskId(), task.attempt(), "bob");

    assertThat(cancellable.cancelledBeforeStart(task))
        .hasValueSatisfying(cancelled -> assertThat(cancelled.requester()).isEqualTo("bob"));
    assertThat(cancellable.run(task, attempt(this::failed))).isInstanceOf(TaskCancelled.class);
    assertThat(ran).isFalse();
  }

  @Test
  void aCancellationOfAnotherAttemptDoesNotStopThisOne() {
    cancellations.request(task.taskId(), task.attempt() - 1, "bob");

    assertThat(cancellable.run(task, attempt(this::failed))).isInstanceOf(TaskFailed.class);
    assertThat(ran).isTrue();
  }

  @Test
  void theWorkersShutdownAbandonsARunningAttemptWithoutAnOutcome() {
    Supplier<RunEvent> stoppedByShutdown =
        attempt(
            () -> {
              cancellations.abandonAll();
              return failed();
            });

    assertThatThrownBy(() -> cancellable.run(task, stoppedByShutdown))
        .isInstanceOf(TaskAbandonedException.class);
    assertThat(cancellations.running()).isEmpty();
  }

  @Test
  void afterTheShutdownBeganNoAttemptStarts() {
    cancellations.abandonAll();

    assertThatThrownBy(() -> cancellable.run(task, attempt(this::failed)))
        .isInstanceOf(TaskAbandonedException.class);
    assertThat(ran).isFalse();
  }

  private Supplier<RunEvent> attempt(Supplier<RunEvent> outcome) {
    return () -> {
      ran.set(true);
      assertThat(cancellations.running()).containsExactly(task.taskId() + "#" + task.attempt());
      return outcome.get();
    };
  }

  /** An attempt that bob cancels while it runs, and that then ends with {@code outcome}. */
  private Supplier<RunEvent> cancelledWhileRunning(RunEvent outcome) {
    return attempt(
        () -> {
          cancellations.request(task.taskId(), task.attempt(), "bob");
          interruptedWhileRunning.set(Thread.currentThread().isInterrupted());
          return outcome;
        });
  }

  private TaskFailed failed() {
    return events.failed(
        task,
        new StageFailure(FailureKind.AGENT_FAILED, "the agent failed", false, AgentReport.empty()));
  }
}
