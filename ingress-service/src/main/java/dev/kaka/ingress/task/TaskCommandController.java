package dev.kaka.ingress.task;

import dev.kaka.common.event.CancelRequested;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.Review;
import dev.kaka.common.event.ReviewComment;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.ingress.budget.BudgetGate;
import dev.kaka.ingress.settings.SettingsLookup;
import dev.kaka.ingress.trigger.TriggerPublisher;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import java.security.Principal;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/tasks/{id}/retry} and {@code /cancel}: operators' commands, carried out by the
 * workers through the same topics as GitHub's triggers.
 */
@RestController
@RequestMapping("/api/tasks/{id}")
class TaskCommandController {

  /** Who a command is recorded as coming from when it carries no authenticated user. */
  static final String API_REQUESTER = "kaka-api";

  private static final Set<TaskStatus> RETRYABLE =
      EnumSet.of(TaskStatus.FAILED, TaskStatus.CANCELLED);
  private static final Set<TaskStatus> CANCELLABLE = EnumSet.copyOf(TaskStatus.active());

  private final ReactiveMongoTemplate mongo;
  private final TriggerPublisher publisher;
  private final Clock clock;
  private final SettingsLookup settings;
  private final BudgetGate budgets;

  TaskCommandController(
      ReactiveMongoTemplate mongo,
      TriggerPublisher publisher,
      Clock clock,
      SettingsLookup settings,
      BudgetGate budgets) {
    this.mongo = mongo;
    this.publisher = publisher;
    this.clock = clock;
    this.settings = settings;
    this.budgets = budgets;
  }

  /** Runs a failed or cancelled task again, as its next attempt. */
  @PostMapping("/retry")
  Mono<ResponseEntity<Map<String, Object>>> retry(
      @PathVariable String id, ServerWebExchange exchange) {
    return task(id, RETRYABLE, "retried")
        .zipWith(requester(exchange))
        .flatMap(
            found -> {
              IssueTriggered retry = retryOf(found.getT1(), found.getT2());
              // the repository's settings as they are now: a retry after fixing the file uses the
              // fix
              return settings
                  .reread(retry.repository())
                  .flatMap(current -> budgets.admit(retry.withSettings(current.task())))
                  .flatMap(this::publishUnlessRefused)
                  .thenReturn(accepted(TaskStatus.QUEUED.storedName(), id, retry.attempt()));
            });
  }

  /** A retry reserves from the budgets as a trigger does; with one spent it is refused. */
  private Mono<Void> publishUnlessRefused(BudgetGate.Admission admission) {
    if (admission.refusal() != null) {
      return Mono.error(
          new ResponseStatusException(HttpStatus.CONFLICT, admission.refusal().reason()));
    }
    return publisher.publish(admission.task());
  }

  /** Stops a queued or running task on whichever worker holds it. */
  @PostMapping("/cancel")
  Mono<ResponseEntity<Map<String, Object>>> cancel(
      @PathVariable String id, ServerWebExchange exchange) {
    return task(id, CANCELLABLE, "cancelled")
        .zipWith(requester(exchange))
        .flatMap(
            found -> {
              TaskDocument task = found.getT1();
              int attempt = attempt(task);
              CancelRequested request =
                  new CancelRequested(
                      TaskEvent.SCHEMA_VERSION,
                      id,
                      task.deliveryId(),
                      repository(task),
                      issue(task),
                      attempt,
                      found.getT2(),
                      clock.instant());
              return publisher
                  .publish(request)
                  .thenReturn(accepted("cancel-requested", id, attempt));
            });
  }

  /** The authenticated user, so that the issue says who retried or cancelled. */
  private static Mono<String> requester(ServerWebExchange exchange) {
    return exchange.getPrincipal().map(Principal::getName).defaultIfEmpty(API_REQUESTER);
  }

  private Mono<TaskDocument> task(String id, Set<TaskStatus> allowed, String verb) {
    return mongo
        .findById(id, TaskDocument.class)
        .onErrorMap(
            DataAccessResourceFailureException.class,
            unavailable ->
                new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "the task store is unavailable; try again shortly",
                    unavailable))
        .switchIfEmpty(
            Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no task with id " + id)))
        .flatMap(
            task -> {
              if (!allowed.contains(task.status())) {
                return Mono.error(
                    new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "a "
                            + (task.status() == null ? "new" : task.status().storedName())
                            + " task cannot be "
                            + verb
                            + "; only "
                            + allowed.stream()
                                .map(TaskStatus::storedName)
                                .collect(Collectors.joining(" or "))
                            + " ones can"));
              }
              if (task.source() == null) {
                return Mono.error(
                    new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "the task's trigger was not recorded yet; try again shortly"));
              }
              return Mono.just(task);
            });
  }

  private IssueTriggered retryOf(TaskDocument task, String requester) {
    TaskDocument.SourcePullRequest pull = task.source().pullRequest();
    PullRequestRef pullRequest =
        pull == null ? null : new PullRequestRef(pull.number(), pull.branch(), pull.url());
    String instructions = task.instructions();
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        task.id(),
        task.deliveryId(),
        repository(task),
        issue(task),
        task.source().issueBody(),
        new Trigger(TriggerKind.RETRY, requester, instructions == null ? "" : instructions)
            .withReview(review(task.source().review())),
        attempt(task) + 1,
        // a retry is asked for now: the workers judge a trigger's age by this time, and do not run
        // one older than kaka.worker.max-trigger-age
        clock.instant(),
        pullRequest);
  }

  /**
   * The review the task was started by, as its trigger carried it: a retry asks for what the review
   * asked, and reading it again from GitHub would cost calls and could find it changed.
   */
  private static Review review(TaskDocument.SourceReview review) {
    if (review == null) {
      return null;
    }
    return new Review(
        review.id() == null ? 0 : review.id(),
        review.comments() == null
            ? List.of()
            : review.comments().stream()
                .map(comment -> new ReviewComment(comment.path(), comment.line(), comment.body()))
                .toList(),
        Boolean.TRUE.equals(review.leftOut()),
        review.reviewer());
  }

  private static int attempt(TaskDocument task) {
    return task.attempt() == null ? 1 : task.attempt();
  }

  private static RepositoryRef repository(TaskDocument task) {
    TaskDocument.Source source = task.source();
    return new RepositoryRef(
        source.owner(), source.name(), source.cloneUrl(), source.defaultBranch());
  }

  private static IssueRef issue(TaskDocument task) {
    return new IssueRef(task.issueNumber(), task.issueTitle(), task.issueUrl());
  }

  private static ResponseEntity<Map<String, Object>> accepted(
      String status, String id, int attempt) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Map.of("status", status, "taskId", id, "attempt", attempt));
  }
}
