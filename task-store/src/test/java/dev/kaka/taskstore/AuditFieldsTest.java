package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link AuditFields} names what {@link AuditDocument} maps, no more and no less. */
class AuditFieldsTest {

  @Test
  void everyTopLevelFieldHasItsConstantAndEveryConstantItsField() {
    assertThat(StoredFieldNames.topLevelConstants(AuditFields.class))
        .isEqualTo(StoredFieldNames.of(AuditDocument.class));
  }

  @Test
  void theEntryFieldsNameFieldsOfAHistoryEntry() {
    assertThat(AuditFields.HISTORY_KEY)
        .isEqualTo(StoredFieldNames.nested(AuditDocument.class, "history", "key"));
    assertThat(AuditFields.HISTORY + "." + AuditFields.Entry.AT)
        .isEqualTo(StoredFieldNames.nested(AuditDocument.class, "history", "at"));
  }
}
