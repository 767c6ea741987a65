package dev.kaka.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the JSON form of every event. A failure here means running consumers would break: bump
 * {@link TaskEvent#SCHEMA_VERSION} and keep reading the old shape instead of editing the JSON.
 */
class TaskEventContractTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");
  private static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");
  private static final String COMMON =
      """
      "schemaVersion":1,"taskId":"t-1","deliveryId":"d-1",\
      "repository":{"owner":"octo","name":"hello","cloneUrl":"https://github.com/octo/hello.git","defaultBranch":"main"},\
      "issue":{"number":7,"title":"Fix typo","url":"https://github.com/octo/hello/issues/7"},\
      """;

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            new IssueTriggered(1, "t-1", "d-1", REPO, ISSUE, "The README says teh.",
                new Trigger(TriggerKind.COMMENT, "alice", "keep it short"), 1, AT),
            "{\"type\":\"IssueTriggered\"," + COMMON
                + "\"issueBody\":\"The README says teh.\","
                + "\"trigger\":{\"kind\":\"COMMENT\",\"requester\":\"alice\",\"instructions\":\"keep it short\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TaskStarted(1, "t-1", "d-1", REPO, ISSUE, 1, "kaka/issue-7-fix-typo", "worker-a", AT),
            "{\"type\":\"TaskStarted\"," + COMMON
                + "\"attempt\":1,\"branch\":\"kaka/issue-7-fix-typo\",\"worker\":\"worker-a\","
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TaskCompleted(1, "t-1", "d-1", REPO, ISSUE, "alice", 1, "kaka/issue-7-fix-typo",
                "main", "0123abcd", List.of("README.md"),
                new AgentReport("Fixed the typo.", 2, 0.0216, 1670L, "s-1",
                    new AgentReport.TokenUsage(2400L, 600L, 0L, 1024L),
                    List.of(new AgentReport.PermissionDenial("Bash", "curl -s https://example.com")),
                    new AgentReport.Transcript(List.of("{\"type\":\"result\"}"), 3)), AT),
            "{\"type\":\"TaskCompleted\"," + COMMON
                + "\"requester\":\"alice\",\"attempt\":1,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"baseBranch\":\"main\",\"headSha\":\"0123abcd\",\"filesChanged\":[\"README.md\"],"
                + "\"agent\":{\"summary\":\"Fixed the typo.\",\"turns\":2,\"costUsd\":0.0216,"
                + "\"durationMs\":1670,\"sessionId\":\"s-1\","
                + "\"usage\":{\"inputTokens\":2400,\"outputTokens\":600,"
                + "\"cacheCreationInputTokens\":0,\"cacheReadInputTokens\":1024},"
                + "\"permissionDenials\":[{\"tool\":\"Bash\",\"target\":\"curl -s https://example.com\"}],"
                + "\"transcript\":{\"lines\":[\"{\\\"type\\\":\\\"result\\\"}\"],\"linesDropped\":3}},"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TaskFailed(1, "t-1", "d-1", REPO, ISSUE, 2, FailureKind.AGENT_TIMED_OUT,
                "The agent ran longer than 30m and was stopped.", true, AgentReport.empty(), AT),
            "{\"type\":\"TaskFailed\"," + COMMON
                + "\"attempt\":2,\"failure\":\"AGENT_TIMED_OUT\","
                + "\"message\":\"The agent ran longer than 30m and was stopped.\",\"retryable\":true,"
                + "\"agent\":{\"summary\":\"\",\"turns\":null,\"costUsd\":null,\"durationMs\":null,"
                + "\"sessionId\":null,\"usage\":null,\"permissionDenials\":[],"
                + "\"transcript\":{\"lines\":[],\"linesDropped\":0}},"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TaskProgressed(1, "t-1", "d-1", REPO, ISSUE, 1, 4, "Edit",
                List.of("README.md", "docs/typos.md"), AT),
            "{\"type\":\"TaskProgressed\"," + COMMON
                + "\"attempt\":1,\"turns\":4,\"currentTool\":\"Edit\","
                + "\"filesTouched\":[\"README.md\",\"docs/typos.md\"],"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new IssueTriggered(1, "t-1", "d-1", REPO, ISSUE, "", new Trigger(TriggerKind.PR_COMMENT,
                "alice", "rename it"), 1, AT, new PullRequestRef(9, "kaka/issue-7-fix-typo",
                "https://github.com/octo/hello/pull/9")),
            "{\"type\":\"IssueTriggered\"," + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"PR_COMMENT\",\"requester\":\"alice\",\"instructions\":\"rename it\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"pullRequest\":{\"number\":9,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"url\":\"https://github.com/octo/hello/pull/9\"}}"),
        Arguments.of(
            new TaskCancelled(1, "t-1", "d-1", REPO, ISSUE, 1, "alice", AT),
            "{\"type\":\"TaskCancelled\"," + COMMON
                + "\"attempt\":1,\"requester\":\"alice\",\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new CancelRequested(1, "t-1", "d-1", REPO, ISSUE, 1, "alice", AT),
            "{\"type\":\"CancelRequested\"," + COMMON
                + "\"attempt\":1,\"requester\":\"alice\",\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TriggerRefused(1, "t-1", "d-1", REPO, ISSUE, 1, "mallory",
                "mallory's association NONE may not start tasks", AT),
            "{\"type\":\"TriggerRefused\"," + COMMON
                + "\"attempt\":1,\"requester\":\"mallory\","
                + "\"reason\":\"mallory's association NONE may not start tasks\","
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void eventSerializesToThePinnedJson(TaskEvent event, String pinned) {
    JsonNode written = JSON.readTree(JSON.writeValueAsString(event));

    assertThat(written).isEqualTo(JSON.readTree(pinned));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void pinnedJsonReadsBackAsTheSameEvent(TaskEvent event, String pinned) {
    assertThat(JSON.readValue(pinned, TaskEvent.class)).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void fieldsAddedByANewerProducerAreIgnored(TaskEvent event, String pinned) {
    String withExtraField = pinned.replaceFirst("\\{", "{\"addedLater\":42,");

    assertThat(JSON.readValue(withExtraField, TaskEvent.class)).isEqualTo(event);
  }

  @Test
  void anAgentReportWrittenBeforeTokensDenialsAndTranscriptReadsWithEmptyDefaults() {
    String older = "{\"summary\":\"Done.\",\"turns\":2,\"costUsd\":0.5,\"durationMs\":10,"
        + "\"sessionId\":\"s-1\"}";

    assertThat(JSON.readValue(older, AgentReport.class))
        .isEqualTo(new AgentReport("Done.", 2, 0.5, 10L, "s-1"))
        .satisfies(report -> {
          assertThat(report.usage()).isNull();
          assertThat(report.permissionDenials()).isEmpty();
          assertThat(report.transcript()).isEqualTo(AgentReport.Transcript.EMPTY);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void partitionKeyGroupsAllEventsOfOneIssue(TaskEvent event, String pinned) {
    assertThat(event.partitionKey()).isEqualTo("octo/hello#7");
  }
}
