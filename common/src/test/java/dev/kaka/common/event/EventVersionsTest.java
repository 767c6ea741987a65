package dev.kaka.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventVersionsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A failure of version {@code version} as its producer wrote it, with a field added later. */
  private static String failure(int version) {
    return "{\"type\":\"TaskFailed\",\"schemaVersion\":"
        + version
        + ",\"taskId\":\"t-1\",\"deliveryId\":\"d-1\","
        + "\"repository\":{\"owner\":\"octo\",\"name\":\"hello\","
        + "\"cloneUrl\":\"https://github.com/octo/hello.git\",\"defaultBranch\":\"main\"},"
        + "\"issue\":{\"number\":7,\"title\":\"Fix typo\","
        + "\"url\":\"https://github.com/octo/hello/issues/7\"},"
        + "\"attempt\":1,\"failure\":\"GIT_FAILED\",\"message\":\"Could not fetch.\","
        + "\"retryable\":true,\"occurredAt\":\"2026-11-25T10:15:30Z\","
        + "\"reviewers\":[\"bob\"]}";
  }

  @Test
  void anEventOfTheVersionThisCodeWritesIsRead() {
    RunEvent current = JSON.readValue(failure(TaskEvent.SCHEMA_VERSION), RunEvent.class);

    assertThat(EventVersions.isReadable(current)).isTrue();
    assertThatCode(() -> EventVersions.requireReadable(current)).doesNotThrowAnyException();
  }

  @Test
  void anEventOfAnOlderVersionIsReadByACodeThatKnowsANewerOne() {
    RunEvent older = JSON.readValue(failure(1), RunEvent.class);

    assertThat(EventVersions.isReadable(older, 2)).isTrue();
    assertThatCode(() -> EventVersions.requireReadable(older, 2)).doesNotThrowAnyException();
  }

  @Test
  void anEventOfANewerVersionIsRefusedWithBothVersionsInTheReason() {
    RunEvent newer = JSON.readValue(failure(TaskEvent.SCHEMA_VERSION + 1), RunEvent.class);

    assertThat(EventVersions.isReadable(newer)).isFalse();
    assertThatExceptionOfType(NewerSchemaVersionException.class)
        .isThrownBy(() -> EventVersions.requireReadable(newer))
        .withMessage(
            "TaskFailed of task t-1: schema version %d is newer than the %d this service reads",
            TaskEvent.SCHEMA_VERSION + 1, TaskEvent.SCHEMA_VERSION);
  }
}
