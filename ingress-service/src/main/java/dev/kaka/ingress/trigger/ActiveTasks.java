package dev.kaka.ingress.trigger;

import java.util.List;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** What the status projection knows about an issue's tasks and Kaka's pull requests. */
@Component
class ActiveTasks {

  private static final String COLLECTION = "tasks";

  private final ReactiveMongoTemplate mongo;

  ActiveTasks(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The issue's newest task that is queued or running, if any. */
  Mono<Document> of(String repository, int issueNumber) {
    Query query =
        Query.query(
                Criteria.where("repository")
                    .is(repository)
                    .and("issueNumber")
                    .is(issueNumber)
                    .and("status")
                    .in(List.of("queued", "running")))
            .with(Sort.by(Sort.Order.desc("createdAt")))
            .limit(1);
    return mongo.findOne(query, Document.class, COLLECTION);
  }

  /** The branch of pull request {@code number} if Kaka opened it, else empty. */
  Mono<String> branchOfPullRequest(String repository, int number) {
    Query query =
        Query.query(
                Criteria.where("repository")
                    .is(repository)
                    .and("pullRequestNumber")
                    .is(number)
                    .and("branch")
                    .exists(true))
            .limit(1);
    return mongo.findOne(query, Document.class, COLLECTION).map(task -> task.getString("branch"));
  }
}
