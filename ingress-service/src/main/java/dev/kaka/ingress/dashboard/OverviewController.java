package dev.kaka.ingress.dashboard;

import java.time.Clock;
import java.util.Date;
import org.bson.Document;
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
        Query.query(Criteria.where("createdAt").gte(Date.from(now.minus(Overview.PERIOD))))
            .limit(LIMIT);
    return mongo
        .find(lastDay, Document.class, "tasks")
        .collectList()
        .map(tasks -> Overview.of(tasks, now));
  }
}
