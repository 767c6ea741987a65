package dev.kaka.ingress.trigger;

import dev.kaka.common.event.CancelRequested;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.ingress.budget.BudgetGate;
import dev.kaka.taskstore.TaskDocument;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Acts on an accepted trigger with what the status projection knows: one task per issue at a time,
 * follow-ups only on Kaka's own pull requests, cancellation of the issue's current task.
 */
@Component
public class TriggerDispatcher {

  private static final Logger log = LoggerFactory.getLogger(TriggerDispatcher.class);

  private final ActiveTasks tasks;
  private final TriggerPublisher publisher;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final CheckFixes checkFixes;
  private final BudgetGate budgets;

  TriggerDispatcher(
      ActiveTasks tasks,
      TriggerPublisher publisher,
      Clock clock,
      ApplicationEventPublisher events,
      CheckFixes checkFixes,
      BudgetGate budgets) {
    this.tasks = tasks;
    this.publisher = publisher;
    this.clock = clock;
    this.events = events;
    this.checkFixes = checkFixes;
    this.budgets = budgets;
  }

  /** Dispatches a decision other than Ignored or Rejected, which need no action. */
  public Mono<Dispatched> dispatch(TriggerDecision decision) {
    if (decision instanceof TriggerDecision.Accepted accepted) {
      return queueUnlessActive(accepted.event());
    }
    if (decision instanceof TriggerDecision.FollowUp followUp) {
      return followUp(followUp);
    }
    if (decision instanceof TriggerDecision.Cancel cancel) {
      return cancel(cancel);
    }
    if (decision instanceof TriggerDecision.ChecksFailed failed) {
      return checkFixes.dispatch(failed);
    }
    if (decision instanceof TriggerDecision.DefaultBranchPushed pushed) {
      // whoever caches the repository's settings forgets them (see settings/)
      events.publishEvent(pushed);
      return Mono.just(
          new Dispatched(
              Dispatched.Outcome.IGNORED,
              null,
              "a push to the default " + "branch: the repository's settings will be read again"));
    }
    if (decision instanceof TriggerDecision.Refused refused) {
      return publisher
          .publish(refused.event())
          .thenReturn(new Dispatched(Dispatched.Outcome.REFUSED, null, refused.event().reason()));
    }
    throw new IllegalArgumentException("nothing to dispatch for " + decision);
  }

  /**
   * A trigger without new instructions joins the issue's task in progress; one with instructions is
   * queued behind it (the partition key keeps them in order). When the projection cannot be read,
   * the trigger is queued anyway: losing a request is worse than running it twice.
   */
  private Mono<Dispatched> queueUnlessActive(IssueTriggered event) {
    if (!event.trigger().instructions().isBlank()) {
      return queue(event);
    }
    return tasks
        .of(event.repository().fullName(), event.issue().number())
        .onErrorResume(
            unreadable -> {
              log.warn(
                  "Could not check {} for a task in progress: {}",
                  event.partitionKey(),
                  unreadable.toString());
              return Mono.empty();
            })
        .map(
            active ->
                new Dispatched(
                    Dispatched.Outcome.ATTACHED,
                    active.id(),
                    "the issue already has a task " + active.status().storedName()))
        .switchIfEmpty(Mono.defer(() -> queue(event)));
  }

  private Mono<Dispatched> followUp(TriggerDecision.FollowUp followUp) {
    IssueTriggered event = followUp.event();
    return tasks
        .branchOfPullRequest(event.repository().fullName(), followUp.pullRequestNumber())
        .flatMap(
            branch ->
                event.trigger().kind() == TriggerKind.FIX_CHECKS
                    ? fixChecks(event, branch)
                    : queue(
                        event.withPullRequest(
                            new PullRequestRef(
                                followUp.pullRequestNumber(), branch, event.issue().url()))))
        .switchIfEmpty(
            Mono.fromSupplier(
                () ->
                    new Dispatched(
                        Dispatched.Outcome.IGNORED,
                        null,
                        "pull request #"
                            + followUp.pullRequestNumber()
                            + " was not opened by Kaka")));
  }

  private Mono<Dispatched> fixChecks(IssueTriggered event, String branch) {
    return checkFixes
        .asked(event, branch)
        .flatMap(this::queue)
        .switchIfEmpty(
            Mono.fromSupplier(
                () ->
                    Dispatched.ignored(
                        "the pull request's fixes of failing checks are used up "
                            + "(`pull-request.max-fix-attempts`)")));
  }

  private Mono<Dispatched> cancel(TriggerDecision.Cancel cancel) {
    return tasks
        .of(cancel.repository().fullName(), cancel.issue().number())
        .flatMap(active -> requestCancel(cancel, active))
        .switchIfEmpty(
            Mono.fromSupplier(
                () ->
                    new Dispatched(
                        Dispatched.Outcome.IGNORED,
                        null,
                        "the issue has no queued or running task to cancel")));
  }

  private Mono<Dispatched> requestCancel(TriggerDecision.Cancel cancel, TaskDocument active) {
    String taskId = active.id();
    CancelRequested request =
        new CancelRequested(
            TaskEvent.SCHEMA_VERSION,
            taskId,
            active.deliveryId(),
            cancel.repository(),
            cancel.issue(),
            active.attempt() == null ? 1 : active.attempt(),
            cancel.requester(),
            clock.instant());
    return publisher
        .publish(request)
        .thenReturn(
            new Dispatched(
                Dispatched.Outcome.CANCEL_REQUESTED, taskId, "asked the workers to stop the task"));
  }

  /** Queues {@code task} with its reservation from the budgets, or refuses it when one is spent. */
  private Mono<Dispatched> queue(IssueTriggered task) {
    return budgets
        .admit(task)
        .flatMap(
            admission ->
                admission.refusal() == null
                    ? publishQueued(admission.task())
                    : dispatch(new TriggerDecision.Refused(admission.refusal())));
  }

  private Mono<Dispatched> publishQueued(IssueTriggered event) {
    return publisher
        .publish(event)
        .doOnSuccess(
            done ->
                log.info(
                    "Task {} queued for {} (delivery {})",
                    event.taskId(),
                    event.partitionKey(),
                    event.deliveryId()))
        .thenReturn(new Dispatched(Dispatched.Outcome.QUEUED, event.taskId(), null));
  }
}
