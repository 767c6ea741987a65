package dev.kaka.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the JSON form of every event, which events already in Kafka have. A failure here means a
 * change that is not additive (see {@link EventVersions}): running consumers and the records they
 * have yet to read would break. Make the change additive, with a new optional field, and add its
 * pinned form here; edit a pinned form only with a new major version.
 */
class TaskEventContractTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");
  static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");
  private static final String COMMON =
      """
      "schemaVersion":1,"taskId":"t-1","deliveryId":"d-1",\
      "repository":{"owner":"octo","name":"hello","cloneUrl":"https://github.com/octo/hello.git","defaultBranch":"main"},\
      "issue":{"number":7,"title":"Fix typo","url":"https://github.com/octo/hello/issues/7"},\
      """;

  private static final TaskSettings SETTINGS =
      TaskSettings.of(
          new TaskSettings.PullRequest("develop", "bot/", true, List.of("ai", "needs-review")),
          new TaskSettings.Agent("sonnet", 20, new BigDecimal("2.5"), 900L, "Run the tests."));
  private static final String SETTINGS_JSON =
      """
      {"version":1,\
      "pullRequest":{"baseBranch":"develop","branchPrefix":"bot/","draft":true,\
      "labels":["ai","needs-review"]},\
      "agent":{"model":"sonnet","maxTurns":20,"maxBudgetUsd":2.5,"timeoutSeconds":900,\
      "instructions":"Run the tests."}}\
      """;
  private static final TaskSettings PROJECT_SETTINGS =
      TaskSettings.of(
          null,
          new TaskSettings.Agent(null, null, null, null, null, "npm test", List.of("npm")),
          new TaskSettings.Setup(List.of("npm ci", "npm run build"), 300L));
  private static final String PROJECT_SETTINGS_JSON =
      """
      {"version":1,\
      "agent":{"testCommand":"npm test","network":["npm"]},\
      "setup":{"commands":["npm ci","npm run build"],"timeoutSeconds":300}}\
      """;

  private static final RunSettings RUN_SETTINGS =
      new RunSettings(
          "sonnet",
          20,
          new BigDecimal("2.5"),
          900L,
          "main",
          "kaka/",
          null,
          List.of(),
          List.of(),
          List.of("agent.model"),
          RunSettings.RepositoryFile.READ);
  private static final String RUN_SETTINGS_JSON =
      """
      {"model":"sonnet","maxTurns":20,"maxBudgetUsd":2.5,"timeoutSeconds":900,\
      "baseBranch":"main","branchPrefix":"kaka/","setupCommands":[],"network":[],\
      "fromRepository":["agent.model"],"repositoryFile":"READ"}\
      """;

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            new IssueTriggered(
                    1,
                    "t-1",
                    "d-1",
                    REPO,
                    ISSUE,
                    "",
                    new Trigger(TriggerKind.LABEL, "alice", ""),
                    1,
                    AT)
                .withBudget(new TaskBudget(new BigDecimal("0.30"), AT, "alice")),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"LABEL\",\"requester\":\"alice\",\"instructions\":\"\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"budget\":{\"reservedUsd\":0.30,\"reservedAt\":\"2026-11-25T10:15:30Z\","
                + "\"requester\":\"alice\"}}"),
        Arguments.of(
            new TaskCancelled(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                "bob",
                AT,
                new TaskBudget(
                    new BigDecimal("2"),
                    AT,
                    "alice",
                    "80 % spent",
                    List.of("repository:octo/hello:2026-11"))),
            "{\"type\":\"TaskCancelled\","
                + COMMON
                + "\"attempt\":1,\"requester\":\"bob\",\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"budget\":{\"reservedUsd\":2,\"reservedAt\":\"2026-11-25T10:15:30Z\","
                + "\"requester\":\"alice\",\"notice\":\"80 % spent\","
                + "\"noticed\":[\"repository:octo/hello:2026-11\"]}}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "The README says teh.",
                new Trigger(TriggerKind.COMMENT, "alice", "keep it short"),
                1,
                AT),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"The README says teh.\","
                + "\"trigger\":{\"kind\":\"COMMENT\",\"requester\":\"alice\",\"instructions\":\"keep it short\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.LABEL, "alice", "", 583231L),
                1,
                AT),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"LABEL\",\"requester\":\"alice\",\"instructions\":\"\","
                + "\"requesterId\":583231},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.COMMENT, "alice", "", 583231L, 9001L),
                1,
                AT,
                null,
                null,
                new Conversation(
                    List.of(new ThreadComment("bob", "Use the lookup table.", AT)), true, false)),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"COMMENT\",\"requester\":\"alice\",\"instructions\":\"\","
                + "\"requesterId\":583231,\"commentId\":9001},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"conversation\":{\"comments\":[{\"author\":\"bob\","
                + "\"body\":\"Use the lookup table.\",\"createdAt\":\"2026-11-25T10:15:30Z\"}],"
                + "\"olderLeftOut\":true,\"unreadable\":false}}"),
        Arguments.of(
            new TaskStarted(
                1, "t-1", "d-1", REPO, ISSUE, 1, "kaka/issue-7-fix-typo", "worker-a", AT),
            "{\"type\":\"TaskStarted\","
                + COMMON
                + "\"attempt\":1,\"branch\":\"kaka/issue-7-fix-typo\",\"worker\":\"worker-a\","
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TaskStarted(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                "kaka/issue-7-fix-typo",
                "worker-a",
                AT,
                "Implement GitHub issue #7: Fix typo",
                RUN_SETTINGS),
            "{\"type\":\"TaskStarted\","
                + COMMON
                + "\"attempt\":1,\"branch\":\"kaka/issue-7-fix-typo\",\"worker\":\"worker-a\","
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"prompt\":\"Implement GitHub issue #7: Fix typo\",\"settings\":"
                + RUN_SETTINGS_JSON
                + "}"),
        Arguments.of(
            new TaskCompleted(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "alice",
                1,
                "kaka/issue-7-fix-typo",
                "main",
                "0123abcd",
                List.of(),
                AgentReport.empty(),
                AT,
                null,
                RUN_SETTINGS),
            "{\"type\":\"TaskCompleted\","
                + COMMON
                + "\"requester\":\"alice\",\"attempt\":1,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"baseBranch\":\"main\",\"headSha\":\"0123abcd\",\"filesChanged\":[],"
                + "\"agent\":{\"summary\":\"\",\"turns\":null,\"costUsd\":null,\"durationMs\":null,"
                + "\"sessionId\":null,\"usage\":null,\"permissionDenials\":[],"
                + "\"transcript\":{\"lines\":[],\"linesDropped\":0},\"blockedHosts\":[]},"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\",\"applied\":"
                + RUN_SETTINGS_JSON
                + "}"),
        Arguments.of(
            new TaskCompleted(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "alice",
                1,
                "kaka/issue-7-fix-typo",
                "main",
                "0123abcd",
                List.of("README.md"),
                new AgentReport(
                    "Fixed the typo.",
                    2,
                    0.0216,
                    1670L,
                    "s-1",
                    new AgentReport.TokenUsage(2400L, 600L, 0L, 1024L),
                    List.of(
                        new AgentReport.PermissionDenial("Bash", "curl -s https://example.com")),
                    new AgentReport.Transcript(List.of("{\"type\":\"result\"}"), 3)),
                AT),
            "{\"type\":\"TaskCompleted\","
                + COMMON
                + "\"requester\":\"alice\",\"attempt\":1,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"baseBranch\":\"main\",\"headSha\":\"0123abcd\",\"filesChanged\":[\"README.md\"],"
                + "\"agent\":{\"summary\":\"Fixed the typo.\",\"turns\":2,\"costUsd\":0.0216,"
                + "\"durationMs\":1670,\"sessionId\":\"s-1\","
                + "\"usage\":{\"inputTokens\":2400,\"outputTokens\":600,"
                + "\"cacheCreationInputTokens\":0,\"cacheReadInputTokens\":1024},"
                + "\"permissionDenials\":[{\"tool\":\"Bash\",\"target\":\"curl -s https://example.com\"}],"
                + "\"transcript\":{\"lines\":[\"{\\\"type\\\":\\\"result\\\"}\"],\"linesDropped\":3},"
                + "\"blockedHosts\":[]},"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TaskFailed(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                2,
                FailureKind.AGENT_TIMED_OUT,
                "The agent ran longer than 30m and was stopped.",
                true,
                3,
                AgentReport.empty(),
                AT),
            "{\"type\":\"TaskFailed\","
                + COMMON
                + "\"attempt\":2,\"failure\":\"AGENT_TIMED_OUT\","
                + "\"message\":\"The agent ran longer than 30m and was stopped.\",\"retryable\":true,"
                + "\"maxAttempts\":3,"
                + "\"agent\":{\"summary\":\"\",\"turns\":null,\"costUsd\":null,\"durationMs\":null,"
                + "\"sessionId\":null,\"usage\":null,\"permissionDenials\":[],"
                + "\"transcript\":{\"lines\":[],\"linesDropped\":0},\"blockedHosts\":[]},"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TaskProgressed(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                4,
                "Edit",
                List.of("README.md", "docs/typos.md"),
                AT),
            "{\"type\":\"TaskProgressed\","
                + COMMON
                + "\"attempt\":1,\"turns\":4,\"currentTool\":\"Edit\","
                + "\"filesTouched\":[\"README.md\",\"docs/typos.md\"],"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.PR_COMMENT, "alice", "rename it"),
                1,
                AT,
                new PullRequestRef(
                    9, "kaka/issue-7-fix-typo", "https://github.com/octo/hello/pull/9")),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"PR_COMMENT\",\"requester\":\"alice\",\"instructions\":\"rename it\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"pullRequest\":{\"number\":9,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"url\":\"https://github.com/octo/hello/pull/9\"}}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(
                    TriggerKind.REVIEW,
                    "alice",
                    "see the comments",
                    583231L,
                    null,
                    new Review(
                        77L,
                        List.of(
                            new ReviewComment("src/App.java", 12, "rename it"),
                            new ReviewComment("README.md", null, "say why")),
                        false)),
                1,
                AT,
                new PullRequestRef(
                    9, "kaka/issue-7-fix-typo", "https://github.com/octo/hello/pull/9")),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"REVIEW\",\"requester\":\"alice\","
                + "\"instructions\":\"see the comments\",\"requesterId\":583231,"
                + "\"review\":{\"id\":77,\"comments\":["
                + "{\"path\":\"src/App.java\",\"line\":12,\"body\":\"rename it\"},"
                + "{\"path\":\"README.md\",\"body\":\"say why\"}],\"leftOut\":false}},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"pullRequest\":{\"number\":9,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"url\":\"https://github.com/octo/hello/pull/9\"}}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.LABEL, "alice", ""),
                1,
                AT,
                null,
                SETTINGS),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"LABEL\",\"requester\":\"alice\",\"instructions\":\"\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"settings\":"
                + SETTINGS_JSON
                + "}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.LABEL, "alice", ""),
                1,
                AT,
                null,
                PROJECT_SETTINGS),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"LABEL\",\"requester\":\"alice\","
                + "\"instructions\":\"\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"settings\":"
                + PROJECT_SETTINGS_JSON
                + "}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.LABEL, "alice", ""),
                1,
                AT,
                null,
                TaskSettings.invalid(
                    "`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `many`")),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"LABEL\",\"requester\":\"alice\",\"instructions\":\"\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"settings\":{\"version\":1,\"problem\":"
                + "\"`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `many`\"}}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.LABEL, "alice", ""),
                1,
                AT,
                null,
                TaskSettings.unreadable("GitHub answered 502")),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"LABEL\",\"requester\":\"alice\",\"instructions\":\"\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"settings\":{\"version\":1,\"unreadable\":\"GitHub answered 502\"}}"),
        Arguments.of(
            new TaskCompleted(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "alice",
                1,
                "bot/issue-7-fix-typo",
                "develop",
                "0123abcd",
                List.of("README.md"),
                AgentReport.empty(),
                AT,
                SETTINGS),
            "{\"type\":\"TaskCompleted\","
                + COMMON
                + "\"requester\":\"alice\",\"attempt\":1,\"branch\":\"bot/issue-7-fix-typo\","
                + "\"baseBranch\":\"develop\",\"headSha\":\"0123abcd\",\"filesChanged\":[\"README.md\"],"
                + "\"agent\":{\"summary\":\"\",\"turns\":null,\"costUsd\":null,\"durationMs\":null,"
                + "\"sessionId\":null,\"usage\":null,\"permissionDenials\":[],"
                + "\"transcript\":{\"lines\":[],\"linesDropped\":0},\"blockedHosts\":[]},"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\",\"settings\":"
                + SETTINGS_JSON
                + "}"),
        Arguments.of(
            new TaskCancelled(1, "t-1", "d-1", REPO, ISSUE, 1, "alice", AT),
            "{\"type\":\"TaskCancelled\","
                + COMMON
                + "\"attempt\":1,\"requester\":\"alice\",\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new CancelRequested(1, "t-1", "d-1", REPO, ISSUE, 1, "alice", AT),
            "{\"type\":\"CancelRequested\","
                + COMMON
                + "\"attempt\":1,\"requester\":\"alice\",\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new TriggerRefused(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                "mallory",
                "mallory's association NONE may not start tasks",
                AT),
            "{\"type\":\"TriggerRefused\","
                + COMMON
                + "\"attempt\":1,\"requester\":\"mallory\","
                + "\"reason\":\"mallory's association NONE may not start tasks\","
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new ChecksFailed(
                1, "t-1", "d-1", REPO, ISSUE, 1, "abc123", List.of("CI / build"), 2, 2, true, AT),
            "{\"type\":\"ChecksFailed\","
                + COMMON
                + "\"attempt\":1,\"headSha\":\"abc123\",\"checks\":[\"CI / build\"],"
                + "\"fixAttempts\":2,\"maxFixAttempts\":2,\"gaveUp\":true,"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.FIX_CHECKS, "github-actions[bot]", ""),
                1,
                AT,
                new PullRequestRef(
                    9,
                    "kaka/issue-7-fix-typo",
                    "https://github.com/octo/hello/pull/9",
                    new PullRequestRef.CheckFix("abc123", 1, 2))),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"FIX_CHECKS\",\"requester\":\"github-actions[bot]\","
                + "\"instructions\":\"\"},"
                + "\"attempt\":1,\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"pullRequest\":{\"number\":9,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"url\":\"https://github.com/octo/hello/pull/9\","
                + "\"checkFix\":{\"headSha\":\"abc123\",\"attempt\":1,\"maxAttempts\":2}}}"),
        Arguments.of(
            new TaskCompleted(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "alice",
                2,
                "kaka/issue-7-fix-typo",
                "main",
                "0123abcd",
                List.of(),
                AgentReport.empty(),
                AT,
                null,
                null,
                null,
                new PullRequestRef(
                    9, "kaka/issue-7-fix-typo", "https://github.com/octo/hello/pull/9")),
            "{\"type\":\"TaskCompleted\","
                + COMMON
                + "\"requester\":\"alice\",\"attempt\":2,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"baseBranch\":\"main\",\"headSha\":\"0123abcd\",\"filesChanged\":[],"
                + "\"agent\":{\"summary\":\"\",\"turns\":null,\"costUsd\":null,\"durationMs\":null,"
                + "\"sessionId\":null,\"usage\":null,\"permissionDenials\":[],"
                + "\"transcript\":{\"lines\":[],\"linesDropped\":0},\"blockedHosts\":[]},"
                + "\"occurredAt\":\"2026-11-25T10:15:30Z\","
                + "\"pullRequest\":{\"number\":9,\"branch\":\"kaka/issue-7-fix-typo\","
                + "\"url\":\"https://github.com/octo/hello/pull/9\"}}"),
        Arguments.of(
            new IssueTriggered(
                1,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                "",
                new Trigger(TriggerKind.RETRY, "admin", "see the comments")
                    .withReview(
                        new Review(
                            77L,
                            List.of(new ReviewComment("src/App.java", 12, "rename it")),
                            true,
                            "alice")),
                2,
                AT),
            "{\"type\":\"IssueTriggered\","
                + COMMON
                + "\"issueBody\":\"\","
                + "\"trigger\":{\"kind\":\"RETRY\",\"requester\":\"admin\","
                + "\"instructions\":\"see the comments\","
                + "\"review\":{\"id\":77,\"comments\":["
                + "{\"path\":\"src/App.java\",\"line\":12,\"body\":\"rename it\"}],"
                + "\"leftOut\":true,\"reviewer\":\"alice\"}},"
                + "\"attempt\":2,\"occurredAt\":\"2026-11-25T10:15:30Z\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void eventSerializesToThePinnedJson(TaskEvent event, String pinned) {
    JsonNode written = JSON.readTree(JSON.writeValueAsString(event));

    assertThat(written).isEqualTo(JSON.readTree(pinned));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void pinnedJsonReadsBackAsTheSameEventOfItsTopic(TaskEvent event, String pinned) {
    assertThat(JSON.readValue(pinned, topicInterfaceOf(event))).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void pinnedJsonReadsBackAsATaskEventForToolsThatReadEveryTopic(TaskEvent event, String pinned) {
    assertThat(JSON.readValue(pinned, TaskEvent.class)).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void fieldsAddedByANewerProducerAreIgnored(TaskEvent event, String pinned) {
    String withExtraField = pinned.replaceFirst("\\{", "{\"addedLater\":42,");

    assertThat(JSON.readValue(withExtraField, topicInterfaceOf(event))).isEqualTo(event);
  }

  /** The interface of the one topic that carries {@code event}: the only one its record has. */
  @SuppressWarnings("unchecked")
  private static Class<? extends TaskEvent> topicInterfaceOf(TaskEvent event) {
    return (Class<? extends TaskEvent>) event.getClass().getInterfaces()[0];
  }

  @Test
  void anAgentReportWrittenBeforeTokensDenialsAndTranscriptReadsWithEmptyDefaults() {
    String older =
        "{\"summary\":\"Done.\",\"turns\":2,\"costUsd\":0.5,\"durationMs\":10,"
            + "\"sessionId\":\"s-1\"}";

    assertThat(JSON.readValue(older, AgentReport.class))
        .isEqualTo(new AgentReport("Done.", 2, 0.5, 10L, "s-1"))
        .satisfies(
            report -> {
              assertThat(report.usage()).isNull();
              assertThat(report.permissionDenials()).isEmpty();
              assertThat(report.transcript()).isEqualTo(AgentReport.Transcript.EMPTY);
              assertThat(report.blockedHosts()).isEmpty();
            });
  }

  @Test
  void theHostsASandboxBlockedTravelWithTheReport() {
    AgentReport report = AgentReport.empty().withBlockedHosts(List.of("evil.example:443"));

    assertThat(JSON.readValue(JSON.writeValueAsString(report), AgentReport.class))
        .isEqualTo(report)
        .returns(List.of("evil.example:443"), AgentReport::blockedHosts);
  }

  @Test
  void whatARunRememberedTravelsWithTheReportAndIsLeftOutWhenThereIsNone() {
    AgentReport report = AgentReport.empty().withMemory("Resumed the session of task t-0.");

    assertThat(JSON.readValue(JSON.writeValueAsString(report), AgentReport.class))
        .isEqualTo(report);
    assertThat(JSON.writeValueAsString(AgentReport.empty())).doesNotContain("memory");
  }

  @Test
  void aKeptSessionSerializesToThePinnedJsonKeyedByItsBranch() {
    AgentSessionKept kept =
        new AgentSessionKept(1, "t-1", REPO, "kaka/issue-7-fix-typo", "s-1", 5, "{}\n", AT);
    String pinned =
        """
        {"schemaVersion":1,"taskId":"t-1",\
        "repository":{"owner":"octo","name":"hello","cloneUrl":"https://github.com/octo/hello.git","defaultBranch":"main"},\
        "branch":"kaka/issue-7-fix-typo","sessionId":"s-1","size":5,"content":"{}\\n",\
        "keptAt":"2026-11-25T10:15:30Z"}\
        """;

    assertThat(JSON.writeValueAsString(kept)).isEqualTo(pinned);
    assertThat(JSON.readValue(pinned, AgentSessionKept.class)).isEqualTo(kept);
    assertThat(kept.key()).isEqualTo("octo/hello:kaka/issue-7-fix-typo");
    assertThat(
            JSON.writeValueAsString(
                new AgentSessionKept(1, "t-1", REPO, "b", "s-1", 9_000_000, null, AT)))
        .doesNotContain("content");
  }

  @Test
  void aStartWrittenBeforePromptAndSettingsReadsWithoutThem() {
    TaskStarted started =
        (TaskStarted)
            JSON.readValue(
                "{\"type\":\"TaskStarted\","
                    + COMMON
                    + "\"attempt\":1,\"branch\":\"b\",\"worker\":\"w\","
                    + "\"occurredAt\":\"2026-11-25T10:15:30Z\"}",
                RunEvent.class);
    assertThat(started.prompt()).isNull();
    assertThat(started.settings()).isNull();
  }

  @Test
  void aPromptOverTheCapIsNoEvent() {
    String prompt = "x".repeat(TaskStarted.MAX_PROMPT_CHARS + 1);
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new TaskStarted(1, "t-1", "d-1", REPO, ISSUE, 1, "b", "w", AT, prompt, null));
  }

  @Test
  void settingsWithOnlySomeValuesLeaveTheOthersOut() {
    TaskSettings some = TaskSettings.of(new TaskSettings.PullRequest(null, null, true, null), null);

    assertThat(JSON.readTree(JSON.writeValueAsString(some)))
        .isEqualTo(JSON.readTree("{\"version\":1,\"pullRequest\":{\"draft\":true}}"));
    assertThat(some.agentOrEmpty().maxTurns()).isNull();
  }

  @Test
  void settingsWrittenBeforeSetupTestCommandAndNetworkReadWithEmptyDefaults() {
    TaskSettings older = JSON.readValue(SETTINGS_JSON, TaskSettings.class);

    assertThat(older).isEqualTo(SETTINGS);
    assertThat(older.setup()).isNull();
    assertThat(older.setupOrEmpty().commands()).isNull();
    assertThat(older.setupOrEmpty().timeoutSeconds()).isNull();
    assertThat(older.agentOrEmpty().testCommand()).isNull();
    assertThat(older.agentOrEmpty().network()).isNull();
    assertThat(TaskSettings.of(null, null).setupOrEmpty())
        .isEqualTo(new TaskSettings.Setup(null, null));
  }

  @Test
  void settingsOfANewerVersionStillReadWithTheirVersion() {
    String newer =
        "{\"version\":2,\"agent\":{\"maxTurns\":5,\"effort\":\"high\"},"
            + "\"reviewers\":[\"bob\"]}";

    assertThat(JSON.readValue(newer, TaskSettings.class))
        .isEqualTo(
            new TaskSettings(
                2, null, new TaskSettings.Agent(null, 5, null, null, null), null, null));
  }

  @ParameterizedTest
  @CsvSource({
    "2, true, 3, true",
    "3, true, 3, false",
    "2, false, 3, false",
    // written before maxAttempts existed: no retry is promised
    "1, true, 0, false"
  })
  void aFailureIsRetriedWhileItIsRetryableAndAttemptsRemain(
      int attempt, boolean retryable, int maxAttempts, boolean willRetry) {
    TaskFailed failed =
        new TaskFailed(
            1,
            "t-1",
            "d-1",
            REPO,
            ISSUE,
            attempt,
            FailureKind.GIT_FAILED,
            "Could not fetch.",
            retryable,
            maxAttempts,
            AgentReport.empty(),
            AT);

    assertThat(failed.willRetry()).isEqualTo(willRetry);
  }

  @Test
  void aFailureWrittenBeforeMaxAttemptsReadsAsPromisingNoRetry() {
    String older =
        "{\"type\":\"TaskFailed\","
            + COMMON
            + "\"attempt\":1,\"failure\":\"GIT_FAILED\",\"message\":\"Could not fetch.\","
            + "\"retryable\":true,\"occurredAt\":\"2026-11-25T10:15:30Z\"}";

    TaskFailed failed = (TaskFailed) JSON.readValue(older, RunEvent.class);

    assertThat(failed.maxAttempts()).isZero();
    assertThat(failed.willRetry()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void partitionKeyGroupsAllEventsOfOneIssue(TaskEvent event, String pinned) {
    assertThat(event.partitionKey()).isEqualTo("octo/hello#7");
  }
}
