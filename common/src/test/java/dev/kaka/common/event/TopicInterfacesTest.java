package dev.kaka.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;

/** Each topic's interface reads its own events only, and dispatches each to its own method. */
class TopicInterfacesTest {

  private static final JsonMapper JSON = TaskEventContractTest.JSON;
  private static final RepositoryRef REPO = TaskEventContractTest.REPO;
  private static final IssueRef ISSUE = TaskEventContractTest.ISSUE;
  private static final Instant AT = TaskEventContractTest.AT;

  private static final IssueTriggered TRIGGERED =
      new IssueTriggered(
          1, "t-1", "d-1", REPO, ISSUE, "", new Trigger(TriggerKind.LABEL, "alice", ""), 1, AT);
  private static final TriggerRefused REFUSED =
      new TriggerRefused(1, "t-1", "d-1", REPO, ISSUE, 1, "mallory", "not trusted", AT);
  private static final ChecksFailed CHECKS_FAILED =
      new ChecksFailed(
          1, "t-1", "d-1", REPO, ISSUE, 1, "abc123", List.of("build"), 0, 2, false, AT);
  private static final TaskStarted STARTED =
      new TaskStarted(1, "t-1", "d-1", REPO, ISSUE, 1, "kaka/issue-7", "worker-a", AT);
  private static final TaskProgressed PROGRESSED =
      new TaskProgressed(1, "t-1", "d-1", REPO, ISSUE, 1, 2, "Edit", List.of(), AT);
  private static final TaskCompleted COMPLETED =
      new TaskCompleted(
          1,
          "t-1",
          "d-1",
          REPO,
          ISSUE,
          "alice",
          1,
          "kaka/issue-7",
          "main",
          "0123abcd",
          List.of("README.md"),
          AgentReport.empty(),
          AT);
  private static final TaskFailed FAILED =
      new TaskFailed(
          1,
          "t-1",
          "d-1",
          REPO,
          ISSUE,
          1,
          FailureKind.NO_CHANGES,
          "No change.",
          false,
          1,
          AgentReport.empty(),
          AT);
  private static final TaskCancelled CANCELLED =
      new TaskCancelled(1, "t-1", "d-1", REPO, ISSUE, 1, "alice", AT);
  private static final CancelRequested CANCEL_REQUESTED =
      new CancelRequested(1, "t-1", "d-1", REPO, ISSUE, 1, "alice", AT);

  static Stream<Arguments> eventsOfAnotherTopic() {
    return Stream.of(
        Arguments.of(STARTED, TriggerEvent.class),
        Arguments.of(CANCEL_REQUESTED, TriggerEvent.class),
        Arguments.of(TRIGGERED, RunEvent.class),
        Arguments.of(CANCEL_REQUESTED, RunEvent.class),
        Arguments.of(TRIGGERED, ControlEvent.class),
        Arguments.of(CANCELLED, ControlEvent.class));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("eventsOfAnotherTopic")
  void anEventOfAnotherTopicIsRefusedWithItsTypeAndTheTopicsInterface(
      TaskEvent event, Class<? extends TaskEvent> topicInterface) {
    String json = JSON.writeValueAsString(event);

    assertThatExceptionOfType(InvalidTypeIdException.class)
        .isThrownBy(() -> JSON.readValue(json, topicInterface))
        .withMessageContaining(event.getClass().getSimpleName())
        .withMessageContaining(topicInterface.getName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("triggerEvents")
  void aTriggerEventReachesTheHandlerMethodOfItsType(TriggerEvent event, String method) {
    assertThat(event.accept(new TriggerMethodNames())).isEqualTo(method);
  }

  static Stream<Arguments> triggerEvents() {
    return Stream.of(
        Arguments.of(TRIGGERED, "issueTriggered"),
        Arguments.of(REFUSED, "triggerRefused"),
        Arguments.of(CHECKS_FAILED, "checksFailed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runEvents")
  void aRunEventReachesTheHandlerMethodOfItsType(RunEvent event, String method) {
    assertThat(event.accept(new RunMethodNames())).isEqualTo(method);
  }

  static Stream<Arguments> runEvents() {
    return Stream.of(
        Arguments.of(STARTED, "taskStarted"),
        Arguments.of(PROGRESSED, "taskProgressed"),
        Arguments.of(COMPLETED, "taskCompleted"),
        Arguments.of(FAILED, "taskFailed"),
        Arguments.of(CANCELLED, "taskCancelled"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controlEvents")
  void aControlEventReachesTheHandlerMethodOfItsType(ControlEvent event, String method) {
    ControlEvent.Handler<String> names = request -> "cancelRequested";

    assertThat(event.accept(names)).isEqualTo(method);
  }

  static Stream<Arguments> controlEvents() {
    return Stream.of(Arguments.of(CANCEL_REQUESTED, "cancelRequested"));
  }

  private static final class TriggerMethodNames implements TriggerEvent.Handler<String> {

    @Override
    public String issueTriggered(IssueTriggered event) {
      return "issueTriggered";
    }

    @Override
    public String triggerRefused(TriggerRefused event) {
      return "triggerRefused";
    }

    @Override
    public String checksFailed(ChecksFailed event) {
      return "checksFailed";
    }
  }

  private static final class RunMethodNames implements RunEvent.Handler<String> {

    @Override
    public String taskStarted(TaskStarted event) {
      return "taskStarted";
    }

    @Override
    public String taskProgressed(TaskProgressed event) {
      return "taskProgressed";
    }

    @Override
    public String taskCompleted(TaskCompleted event) {
      return "taskCompleted";
    }

    @Override
    public String taskFailed(TaskFailed event) {
      return "taskFailed";
    }

    @Override
    public String taskCancelled(TaskCancelled event) {
      return "taskCancelled";
    }
  }
}
