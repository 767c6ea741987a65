package dev.kaka.ingress.task;

import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tasks that changed, as they change: one query a second against the status projection, shared
 * by every subscriber and running only while there is one, so a hundred open dashboards cost the
 * database what one does.
 */
@Component
class TaskChanges {

  private static final Logger log = LoggerFactory.getLogger(TaskChanges.class);
  static final Duration INTERVAL = Duration.ofSeconds(1);
  // the events' times come from the workers' clocks: look back far enough to cover their skew
  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final int LIMIT = 500;

  private final ReactiveMongoTemplate mongo;
  private final Clock clock;
  private final Flux<TaskView> changes;
  private Map<String, TaskView> seen = Map.of();

  TaskChanges(ReactiveMongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
    this.changes =
        Flux.interval(INTERVAL)
            .onBackpressureDrop()
            .concatMap(tick -> poll(), 1)
            .publish()
            .refCount();
  }

  Flux<TaskView> changes() {
    return changes;
  }

  private Flux<TaskView> poll() {
    Instant since = clock.instant().minus(WINDOW);
    Query recent =
        Query.query(
                new Criteria()
                    .orOperator(
                        Criteria.where(TaskFields.UPDATED_AT).gte(since),
                        Criteria.where(TaskFields.AGENT_PROGRESS_AT).gte(since)))
            .with(Sort.by(TaskFields.UPDATED_AT))
            .limit(LIMIT);
    return mongo
        .find(recent, TaskDocument.class)
        .map(TaskView::of)
        .collectList()
        .flatMapMany(this::changedSinceLastPoll)
        .onErrorResume(
            failure -> {
              log.warn("Could not read the tasks for the live view: {}", failure.toString());
              return Mono.empty();
            });
  }

  private Flux<TaskView> changedSinceLastPoll(List<TaskView> recent) {
    Map<String, TaskView> now = new HashMap<>();
    recent.forEach(task -> now.put(task.id(), task));
    Map<String, TaskView> before = seen;
    seen = now;
    return Flux.fromIterable(recent).filter(task -> !task.equals(before.get(task.id())));
  }
}
