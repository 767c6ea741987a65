package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link TaskFields} names what {@link TaskDocument} maps, no more and no less. */
class TaskFieldsTest {

  @Test
  void everyTopLevelFieldHasItsConstantAndEveryConstantItsField() {
    assertThat(StoredFieldNames.topLevelConstants(TaskFields.class))
        .isEqualTo(StoredFieldNames.of(TaskDocument.class));
  }

  @Test
  void aNestedFieldNamesAFieldOfItsSubDocument() {
    assertThat(TaskFields.AGENT_PROGRESS_AT)
        .isEqualTo(StoredFieldNames.nested(TaskDocument.class, "agentProgress", "at"));
  }
}
