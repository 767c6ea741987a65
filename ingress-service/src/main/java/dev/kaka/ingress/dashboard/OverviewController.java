package dev.kaka.ingress.dashboard;

import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import java.time.Clock;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/overview}: the tasks of the last 24 hours, summed up for the dashboard. */
@RestController
class OverviewController {

  // a day of a busy installation; beyond it the overview sums the newest ones only
  private static final int LIMIT = 20_000;

  private final ReactiveMongoTemplate mongo;
  private final Clock clock;

  OverviewController(ReactiveMongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  @GetMapping("/api/overview")
  Mono<Overview> overview() {
    var now = clock.instant();
    Query lastDay =
        Query.query(Criteria.where(TaskFields.CREATED_AT).gte(now.minus(Overview.PERIOD)))
            .limit(LIMIT);
    return mongo
        .find(lastDay, TaskDocument.class)
        .collectList()
        .map(tasks -> Overview.of(tasks, now));
  }
}
