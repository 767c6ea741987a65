package dev.kaka.ingress.task;

import dev.kaka.taskstore.AuditDocument;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TranscriptDocument;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/tasks/{id}/audit}: everything the read model keeps about how a task came about,
 * for a reviewer who followed a commit's {@code Kaka-Run} trailer, or the dashboard's task page.
 */
@RestController
class TaskAuditController {

  /** The ids the ingress gives tasks (name-based UUIDs, lower case). */
  static final String TASK_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final ReactiveMongoTemplate mongo;

  TaskAuditController(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** 404 for a task the store does not hold; its audit may be empty while its events arrive. */
  @GetMapping("/api/tasks/{id}/audit")
  Mono<AuditView> audit(
      @PathVariable @Pattern(regexp = TASK_ID, message = "must be a task id, a UUID in lower case")
          String id) {
    Mono<TaskDocument> task =
        mongo
            .findById(id, TaskDocument.class)
            .switchIfEmpty(
                Mono.error(
                    new ResponseStatusException(HttpStatus.NOT_FOUND, "no task with id " + id)));
    return Mono.zip(task, optional(id, AuditDocument.class), optional(id, TranscriptDocument.class))
        .map(
            found ->
                AuditView.of(found.getT1(), found.getT2().orElse(null), found.getT3().orElse(null)))
        .onErrorMap(DataAccessResourceFailureException.class, TaskController::storeUnavailable);
  }

  private <T> Mono<Optional<T>> optional(String id, Class<T> type) {
    return mongo.findById(id, type).map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
