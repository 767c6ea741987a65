package dev.kaka.ingress.task;

import dev.kaka.common.Topics;
import dev.kaka.common.event.CancelRequested;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.ingress.settings.SettingsLookup;
import dev.kaka.ingress.trigger.TriggerPublisher;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
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

  private static final Set<String> RETRYABLE = Set.of("failed", "cancelled");
  private static final Set<String> CANCELLABLE = Set.of("queued", "running");

  private final ReactiveMongoTemplate mongo;
  private final TriggerPublisher publisher;
  private final Clock clock;
  private final SettingsLookup settings;

  TaskCommandController(
      ReactiveMongoTemplate mongo,
      TriggerPublisher publisher,
      Clock clock,
      SettingsLookup settings) {
    this.mongo = mongo;
    this.publisher = publisher;
    this.clock = clock;
    this.settings = settings;
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
                  .flatMap(
                      current ->
                          publisher.publish(
                              Topics.ISSUE_TRIGGERED, retry.withSettings(current.task())))
                  .thenReturn(accepted("queued", id, retry.attempt()));
            });
  }

  /** Stops a queued or running task on whichever worker holds it. */
  @PostMapping("/cancel")
  Mono<ResponseEntity<Map<String, Object>>> cancel(
      @PathVariable String id, ServerWebExchange exchange) {
    return task(id, CANCELLABLE, "cancelled")
        .zipWith(requester(exchange))
        .flatMap(
            found -> {
              Document task = found.getT1();
              int attempt = task.getInteger("attempt", 1);
              CancelRequested request =
                  new CancelRequested(
                      TaskEvent.SCHEMA_VERSION,
                      id,
                      task.getString("deliveryId"),
                      repository(task),
                      issue(task),
                      attempt,
                      found.getT2(),
                      clock.instant());
              return publisher
                  .publish(Topics.TASK_CONTROL, request)
                  .thenReturn(accepted("cancel-requested", id, attempt));
            });
  }

  /** The authenticated user, so that the issue says who retried or cancelled. */
  private static Mono<String> requester(ServerWebExchange exchange) {
    return exchange.getPrincipal().map(Principal::getName).defaultIfEmpty(API_REQUESTER);
  }

  private Mono<Document> task(String id, Set<String> allowed, String verb) {
    return mongo
        .findById(id, Document.class, TaskController.COLLECTION)
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
              String status = task.getString("status");
              if (!allowed.contains(status)) {
                return Mono.error(
                    new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "a "
                            + status
                            + " task cannot be "
                            + verb
                            + "; only "
                            + String.join(" or ", allowed)
                            + " ones can"));
              }
              if (task.get("source", Document.class) == null) {
                return Mono.error(
                    new ResponseStatusException(
                        HttpStatus.CONFLICT,
                        "the task's trigger was not recorded yet; try again shortly"));
              }
              return Mono.just(task);
            });
  }

  private IssueTriggered retryOf(Document task, String requester) {
    Document source = task.get("source", Document.class);
    Document pull = source.get("pullRequest", Document.class);
    PullRequestRef pullRequest =
        pull == null
            ? null
            : new PullRequestRef(
                pull.getInteger("number"), pull.getString("branch"), pull.getString("url"));
    String instructions = task.getString("instructions");
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        task.getString("_id"),
        task.getString("deliveryId"),
        repository(task),
        issue(task),
        source.getString("issueBody"),
        new Trigger(TriggerKind.RETRY, requester, instructions == null ? "" : instructions),
        task.getInteger("attempt", 1) + 1,
        clock.instant(),
        pullRequest);
  }

  private static RepositoryRef repository(Document task) {
    Document source = task.get("source", Document.class);
    return new RepositoryRef(
        source.getString("owner"),
        source.getString("name"),
        source.getString("cloneUrl"),
        source.getString("defaultBranch"));
  }

  private static IssueRef issue(Document task) {
    return new IssueRef(
        task.getInteger("issueNumber"), task.getString("issueTitle"), task.getString("issueUrl"));
  }

  private static ResponseEntity<Map<String, Object>> accepted(
      String status, String id, int attempt) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Map.of("status", status, "taskId", id, "attempt", attempt));
  }
}
