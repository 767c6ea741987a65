package dev.kaka.ingress.task;

import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.taskstore.TranscriptDocument;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** {@code /api/tasks}: the tasks' status as projected into MongoDB by the notifier. */
@RestController
@RequestMapping("/api/tasks")
class TaskController {

  private final ReactiveMongoTemplate mongo;

  TaskController(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @GetMapping
  Mono<TaskPage> list(
      @RequestParam(required = false) String repo,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    Query filter = new Query();
    if (repo != null && !repo.isBlank()) {
      filter.addCriteria(Criteria.where(TaskFields.REPOSITORY).is(repo));
    }
    if (status != null && !status.isBlank()) {
      Optional<TaskStatus> wanted = TaskStatus.byStoredName(status);
      if (wanted.isEmpty()) {
        return Mono.error(
            new ResponseStatusException(
                HttpStatus.BAD_REQUEST, "status must be one of " + TaskStatus.storedNames()));
      }
      filter.addCriteria(Criteria.where(TaskFields.STATUS).is(wanted.get()));
    }
    Query pageQuery =
        Query.of(filter)
            .with(Sort.by(Sort.Order.desc(TaskFields.CREATED_AT), Sort.Order.desc(TaskFields.ID)))
            .skip((long) page * size)
            .limit(size);
    Mono<List<TaskView>> tasks =
        mongo.find(pageQuery, TaskDocument.class).map(TaskView::of).collectList();
    Mono<Long> total = mongo.count(filter, TaskDocument.class);
    return Mono.zip(tasks, total, (found, count) -> new TaskPage(found, count, page, size))
        .onErrorMap(DataAccessResourceFailureException.class, TaskController::storeUnavailable);
  }

  @GetMapping("/{id}")
  Mono<TaskView> get(@PathVariable String id) {
    return mongo
        .findById(id, TaskDocument.class)
        .map(TaskView::of)
        .onErrorMap(DataAccessResourceFailureException.class, TaskController::storeUnavailable)
        .switchIfEmpty(
            Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no task with id " + id)));
  }

  /** The agent's output for the task, 404 when the task is unknown or no agent ran for it yet. */
  @GetMapping("/{id}/transcript")
  Mono<TranscriptView> transcript(@PathVariable String id) {
    return mongo
        .findById(id, TranscriptDocument.class)
        .map(TranscriptView::of)
        .onErrorMap(DataAccessResourceFailureException.class, TaskController::storeUnavailable)
        .switchIfEmpty(
            Mono.error(
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no transcript for task " + id)));
  }

  static Throwable storeUnavailable(Throwable cause) {
    return new ResponseStatusException(
        HttpStatus.SERVICE_UNAVAILABLE, "the task store is unavailable; try again shortly", cause);
  }
}
