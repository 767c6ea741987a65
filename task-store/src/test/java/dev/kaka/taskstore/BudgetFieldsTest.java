package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link BudgetFields} names what {@link BudgetDocument} maps, no more and no less. */
class BudgetFieldsTest {

  @Test
  void everyFieldHasItsConstantAndEveryConstantItsField() {
    assertThat(StoredFieldNames.topLevelConstants(BudgetFields.class))
        .isEqualTo(StoredFieldNames.of(BudgetDocument.class));
  }
}
