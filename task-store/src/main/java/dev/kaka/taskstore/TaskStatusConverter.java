package dev.kaka.taskstore;

import org.springframework.data.convert.PropertyValueConverter;
import org.springframework.data.mongodb.core.convert.MongoConversionContext;

/** Stores a {@link TaskStatus} under its lowercase {@link TaskStatus#storedName()}. */
class TaskStatusConverter
    implements PropertyValueConverter<TaskStatus, String, MongoConversionContext> {

  @Override
  public TaskStatus read(String value, MongoConversionContext context) {
    return TaskStatus.byStoredName(value)
        .orElseThrow(() -> new IllegalStateException("unknown task status '" + value + "'"));
  }

  @Override
  public String write(TaskStatus value, MongoConversionContext context) {
    return value.storedName();
  }
}
