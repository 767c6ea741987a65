package dev.kaka.taskstore;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;

/** The names a document is stored under, as a template maps it, and the constants naming them. */
final class StoredFieldNames {

  private static final MongoMappingContext MAPPING = mapping();

  private StoredFieldNames() {}

  /** The stored names of {@code document}'s top-level fields. */
  static Set<String> of(Class<?> document) {
    return storedNames(MAPPING.getRequiredPersistentEntity(document));
  }

  /** The stored path of {@code property}'s field {@code nested}, such as {@code agent.at}. */
  static String nested(Class<?> document, String property, String nested) {
    MongoPersistentProperty outer =
        MAPPING.getRequiredPersistentEntity(document).getRequiredPersistentProperty(property);
    return outer.getFieldName()
        + "."
        + MAPPING
            .getRequiredPersistentEntity(outer.getActualType())
            .getRequiredPersistentProperty(nested)
            .getFieldName();
  }

  /** The values of {@code fields}' constants that name top-level fields (no dot). */
  static Set<String> topLevelConstants(Class<?> fields) {
    Set<String> constants =
        new TreeSet<>(
            Arrays.stream(fields.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()))
                .map(StoredFieldNames::value)
                .toList());
    constants.removeIf(name -> name.contains("."));
    return constants;
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

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
