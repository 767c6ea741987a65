package dev.kaka.notifier.metrics;

import dev.kaka.common.event.TaskEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** The most recent task events this replica counted, so a repeat is not counted again. */
final class SeenEvents {

  private final Map<String, Boolean> recent;

  SeenEvents(int capacity) {
    this.recent =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized boolean firstTime(TaskEvent event) {
    String key = event.taskId() + "/" + event.attempt() + "/" + event.getClass().getSimpleName();
    return recent.put(key, Boolean.TRUE) == null;
  }
}
