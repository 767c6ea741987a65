package dev.kaka.ingress.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** What a trigger learns from the task store, on tasks as the notifier stores them. */
class ActiveTasksTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private static MongoClient client;
  private static ReactiveMongoTemplate mongo;

  private final ActiveTasks tasks = new ActiveTasks(mongo);

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("active-tasks-test"));
    mongo = new ReactiveMongoTemplate(client, "active-tasks-test");
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @BeforeEach
  void empty() {
    mongo.dropCollection(TaskDocument.class).block();
  }

  @Test
  void theIssuesNewestQueuedOrRunningTaskIsActive() {
    save("finished", 7, TaskStatus.COMPLETED, 0);
    save("running", 7, TaskStatus.RUNNING, 10);
    save("queued", 7, TaskStatus.QUEUED, 20);
    save("other-issue", 8, TaskStatus.QUEUED, 30);

    assertThat(tasks.of("octo/hello", 7).block())
        .satisfies(
            task -> {
              assertThat(task.id()).isEqualTo("queued");
              assertThat(task.status()).isEqualTo(TaskStatus.QUEUED);
            });
  }

  @Test
  void anIssueWhoseTasksAllFinishedHasNoneActive() {
    save("completed", 7, TaskStatus.COMPLETED, 0);
    save("failed", 7, TaskStatus.FAILED, 10);
    save("cancelled", 7, TaskStatus.CANCELLED, 20);

    assertThat(tasks.of("octo/hello", 7).blockOptional()).isEmpty();
  }

  @Test
  void aPullRequestKakaOpenedHasTheBranchOfItsTask() {
    mongo
        .save(
            stored("opened", 7, TaskStatus.COMPLETED, 0)
                .append(TaskFields.PULL_REQUEST_NUMBER, 9)
                .append(TaskFields.BRANCH, "kaka/issue-7"),
            TaskDocument.COLLECTION)
        .block();

    assertThat(tasks.branchOfPullRequest("octo/hello", 9).block()).isEqualTo("kaka/issue-7");
    assertThat(tasks.branchOfPullRequest("octo/hello", 10).blockOptional()).isEmpty();
  }

  @Test
  void aPullRequestsFixesAreItsTasksThatFixedChecksEachOnceHoweverOftenRetried() {
    for (String id : List.of("fix-1", "fix-2")) {
      mongo
          .save(
              onPullRequest(id, "FIX_CHECKS").append(TaskFields.ATTEMPT, 3),
              TaskDocument.COLLECTION)
          .block();
    }
    mongo.save(onPullRequest("asked", "PR_COMMENT"), TaskDocument.COLLECTION).block();

    assertThat(tasks.fixesOf("octo/hello", 9).block()).isEqualTo(2);
    assertThat(tasks.fixesOf("octo/hello", 10).block()).isZero();
  }

  private static Document onPullRequest(String id, String trigger) {
    return stored(id, 9, TaskStatus.COMPLETED, 0)
        .append(TaskFields.PULL_REQUEST_NUMBER, 9)
        .append(TaskFields.TRIGGER, trigger);
  }

  private static void save(String id, int issue, TaskStatus status, int second) {
    mongo.save(stored(id, issue, status, second), TaskDocument.COLLECTION).block();
  }

  /** As the notifier stores a task. */
  private static Document stored(String id, int issue, TaskStatus status, int second) {
    return new Document(TaskFields.ID, id)
        .append(TaskFields.REPOSITORY, "octo/hello")
        .append(TaskFields.ISSUE_NUMBER, issue)
        .append(TaskFields.STATUS, status.storedName())
        .append(TaskFields.CREATED_AT, Date.from(T0.plusSeconds(second)));
  }
}
