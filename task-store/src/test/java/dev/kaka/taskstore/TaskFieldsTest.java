package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;

/** {@link TaskFields} names what {@link TaskDocument} maps, no more and no less. */
class TaskFieldsTest {

  private final MongoMappingContext mapping = mapping();

  @Test
  void everyTopLevelFieldHasItsConstantAndEveryConstantItsField() {
    Set<String> constants = new TreeSet<>(constants());
    constants.removeIf(name -> name.contains("."));

    assertThat(constants)
        .isEqualTo(storedNames(mapping.getRequiredPersistentEntity(TaskDocument.class)));
  }

  @Test
  void aNestedFieldNamesAFieldOfItsSubDocument() {
    MongoPersistentProperty progress =
        mapping
            .getRequiredPersistentEntity(TaskDocument.class)
            .getRequiredPersistentProperty("agentProgress");

    assertThat(TaskFields.AGENT_PROGRESS_AT)
        .isEqualTo(
            progress.getFieldName()
                + "."
                + mapping
                    .getRequiredPersistentEntity(progress.getActualType())
                    .getRequiredPersistentProperty("at")
                    .getFieldName());
  }

  /** As a template maps: dates and other values the driver stores are no sub-documents. */
  private static MongoMappingContext mapping() {
    MongoMappingContext mapping = new MongoMappingContext();
    mapping.setSimpleTypeHolder(new MongoCustomConversions(List.of()).getSimpleTypeHolder());
    return mapping;
  }

  private static Set<String> storedNames(MongoPersistentEntity<?> entity) {
    Set<String> names = new TreeSet<>();
    entity.doWithProperties(
        (MongoPersistentProperty property) -> names.add(property.getFieldName()));
    return names;
  }

  private static Set<String> constants() {
    return new TreeSet<>(
        Arrays.stream(TaskFields.class.getFields())
            .filter(field -> Modifier.isStatic(field.getModifiers()))
            .map(TaskFieldsTest::value)
            .toList());
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
