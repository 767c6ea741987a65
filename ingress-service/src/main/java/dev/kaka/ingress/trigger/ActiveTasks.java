package dev.kaka.ingress.trigger;

import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskStatus;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** What the status projection knows about an issue's tasks and Kaka's pull requests. */
@Component
class ActiveTasks {

  private final ReactiveMongoTemplate mongo;

  ActiveTasks(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The issue's newest task that is queued or running, if any. */
  Mono<TaskDocument> of(String repository, int issueNumber) {
    Query query =
        Query.query(
                Criteria.where(TaskFields.REPOSITORY)
                    .is(repository)
                    .and(TaskFields.ISSUE_NUMBER)
                    .is(issueNumber)
                    .and(TaskFields.STATUS)
                    .in(TaskStatus.active()))
            .with(Sort.by(Sort.Order.desc(TaskFields.CREATED_AT)))
            .limit(1);
    return mongo.findOne(query, TaskDocument.class);
  }

  /** The branch of pull request {@code number} if Kaka opened it, else empty. */
  Mono<String> branchOfPullRequest(String repository, int number) {
    return onPullRequest(repository, number).map(TaskDocument::branch);
  }

  /** A task that worked on pull request {@code number} if Kaka opened it, else empty. */
  Mono<TaskDocument> onPullRequest(String repository, int number) {
    Query query =
        Query.query(
                Criteria.where(TaskFields.REPOSITORY)
                    .is(repository)
                    .and(TaskFields.PULL_REQUEST_NUMBER)
                    .is(number)
                    .and(TaskFields.BRANCH)
                    .exists(true))
            .limit(1);
    return mongo.findOne(query, TaskDocument.class);
  }

  /**
   * How many fixes of failing checks pull request {@code number} had: its tasks of that trigger,
   * each once however often it was retried.
   */
  Mono<Long> fixesOf(String repository, int number) {
    Query query =
        Query.query(
            Criteria.where(TaskFields.REPOSITORY)
                .is(repository)
                .and(TaskFields.PULL_REQUEST_NUMBER)
                .is(number)
                .and(TaskFields.TRIGGER)
                .is(TriggerKind.FIX_CHECKS.name()));
    return mongo.count(query, TaskDocument.class);
  }
}
