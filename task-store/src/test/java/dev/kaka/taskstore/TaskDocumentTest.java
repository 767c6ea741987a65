package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** The typed task against documents in the shape the notifier has always stored. */
class TaskDocumentTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private final StandInStore store = new StandInStore("task-document-test");

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aStoredTaskReadsWithEveryField() {
    store.mongo.getCollection(TaskDocument.COLLECTION).insertOne(stored());

    TaskDocument task = store.mongo.findById("t-1", TaskDocument.class);

    assertThat(task)
        .isEqualTo(
            new TaskDocument(
                "t-1",
                "d-1",
                "octo/hello",
                7,
                "Fix typo",
                "https://github.com/octo/hello/issues/7",
                "alice",
                "COMMENT",
                "be brief",
                new TaskDocument.Source(
                    "octo",
                    "hello",
                    "https://github.com/octo/hello.git",
                    "main",
                    "It says teh.",
                    new TaskDocument.SourcePullRequest(
                        9, "kaka/issue-7", "https://github.com/octo/hello/pull/9"),
                    null),
                TaskStatus.FAILED,
                2,
                23,
                23,
                "kaka/issue-7",
                "main",
                "abc123",
                "worker-a",
                List.of("README.md"),
                9,
                "https://github.com/octo/hello/pull/9",
                "AGENT_MAX_TURNS",
                "The agent stopped after 3 turns.",
                false,
                "bob",
                new TaskDocument.Agent(
                    "Stopped.",
                    3,
                    null,
                    1200L,
                    "s-1",
                    new TaskDocument.Usage(2400L, 600L, 0L, 0L),
                    List.of(new TaskDocument.PermissionDenial("Bash", "curl example.com"))),
                new TaskDocument.AgentProgress(2, "Edit", List.of("README.md"), at(20)),
                T0,
                at(10),
                at(90),
                at(90)));
  }

  @Test
  void anUpdateThroughTheTypeStoresStatusNamesAndNoTypeHints() {
    store.mongo.upsert(
        Query.query(Criteria.where(TaskFields.ID).is("t-2")),
        new Update()
            .set(TaskFields.STATUS, TaskStatus.RUNNING)
            .set(
                TaskFields.SOURCE,
                new TaskDocument.Source(
                    "octo",
                    "hello",
                    "https://github.com/octo/hello.git",
                    "main",
                    "",
                    new TaskDocument.SourcePullRequest(9, "kaka/issue-7", "url"),
                    null))
            .set(
                TaskFields.AGENT,
                new TaskDocument.Agent(
                    "Done.",
                    2,
                    0.5,
                    null,
                    null,
                    null,
                    List.of(new TaskDocument.PermissionDenial("Bash", "ls")))),
        TaskDocument.class);

    Document raw =
        store.mongo.getCollection(TaskDocument.COLLECTION).find(new Document("_id", "t-2")).first();
    assertThat(raw.getString("status")).isEqualTo("running");
    assertThat(raw.toJson()).doesNotContain("_class");
    assertThat(raw.get("source", Document.class).get("pullRequest", Document.class))
        .containsEntry("number", 9);
  }

  @Test
  void aQueryMatchesAStatusByItsStoredName() {
    store.mongo.getCollection(TaskDocument.COLLECTION).insertOne(stored());

    Query finished = Query.query(Criteria.where(TaskFields.STATUS).in(TaskStatus.finished()));
    Query active = Query.query(Criteria.where(TaskFields.STATUS).in(TaskStatus.active()));

    assertThat(store.mongo.find(finished, TaskDocument.class))
        .extracting(TaskDocument::id)
        .containsExactly("t-1");
    assertThat(store.mongo.find(active, TaskDocument.class)).isEmpty();
  }

  /** A failed second attempt, as the notifier stores it. */
  private static Document stored() {
    return new Document("_id", "t-1")
        .append("deliveryId", "d-1")
        .append("repository", "octo/hello")
        .append("issueNumber", 7)
        .append("issueTitle", "Fix typo")
        .append("issueUrl", "https://github.com/octo/hello/issues/7")
        .append("createdAt", Date.from(T0))
        .append("requester", "alice")
        .append("trigger", "COMMENT")
        .append("instructions", "be brief")
        .append("pullRequestNumber", 9)
        .append("pullRequestUrl", "https://github.com/octo/hello/pull/9")
        .append(
            "source",
            new Document("owner", "octo")
                .append("name", "hello")
                .append("cloneUrl", "https://github.com/octo/hello.git")
                .append("defaultBranch", "main")
                .append("issueBody", "It says teh.")
                .append(
                    "pullRequest",
                    new Document("number", 9)
                        .append("branch", "kaka/issue-7")
                        .append("url", "https://github.com/octo/hello/pull/9")))
        .append("progress", 23)
        .append("attempt", 2)
        .append("updatedAt", Date.from(at(90)))
        .append("status", "failed")
        .append("startedAt", Date.from(at(10)))
        .append("branch", "kaka/issue-7")
        .append("worker", "worker-a")
        .append("finishedAt", Date.from(at(90)))
        .append("baseBranch", "main")
        .append("headSha", "abc123")
        .append("filesChanged", List.of("README.md"))
        .append("failureKind", "AGENT_MAX_TURNS")
        .append("error", "The agent stopped after 3 turns.")
        .append("retryable", false)
        .append("cancelledBy", "bob")
        .append(
            "agent",
            new Document("summary", "Stopped.")
                .append("turns", 3)
                .append("costUsd", null)
                .append("durationMs", 1200L)
                .append("sessionId", "s-1")
                .append(
                    "usage",
                    new Document("inputTokens", 2400L)
                        .append("outputTokens", 600L)
                        .append("cacheCreationInputTokens", 0L)
                        .append("cacheReadInputTokens", 0L))
                .append(
                    "permissionDenials",
                    List.of(new Document("tool", "Bash").append("target", "curl example.com"))))
        .append(
            "agentProgress",
            new Document("turns", 2)
                .append("currentTool", "Edit")
                .append("filesTouched", List.of("README.md"))
                .append("at", Date.from(at(20))))
        .append("reportedProgress", 23);
  }

  private static Instant at(int second) {
    return T0.plusSeconds(second);
  }
}
