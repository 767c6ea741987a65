package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskStatusTest {

  @ParameterizedTest
  @CsvSource({
    "queued, QUEUED, true",
    "running, RUNNING, true",
    "completed, COMPLETED, false",
    "failed, FAILED, false",
    "cancelled, CANCELLED, false"
  })
  void eachStatusHasTheStoredNameExistingTasksCarry(
      String storedName, TaskStatus status, boolean active) {
    assertThat(status.storedName()).isEqualTo(storedName);
    assertThat(TaskStatus.byStoredName(storedName)).contains(status);
    assertThat(status.isActive()).isEqualTo(active);
    assertThat(status.isFinished()).isEqualTo(!active);
  }

  @ParameterizedTest
  @EnumSource(TaskStatus.class)
  void everyStatusRoundTripsItsStoredName(TaskStatus status) {
    assertThat(TaskStatus.byStoredName(status.storedName())).contains(status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"done", "QUEUED", "Queued", ""})
  void aNameNoStatusIsStoredUnderIsNone(String name) {
    assertThat(TaskStatus.byStoredName(name)).isEmpty();
  }

  @Test
  void theGroupsSplitTheStatuses() {
    assertThat(TaskStatus.active()).containsExactly(TaskStatus.QUEUED, TaskStatus.RUNNING);
    assertThat(TaskStatus.finished())
        .containsExactly(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED);
    assertThat(TaskStatus.storedNames())
        .containsExactly("queued", "running", "completed", "failed", "cancelled");
  }
}
