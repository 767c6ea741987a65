package dev.kaka.ingress.dashboard;

import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last day at a glance.
 *
 * @param since the start of the period
 * @param byStatus how many tasks created since then are in each status
 * @param hourly per hour, oldest first, how many tasks were created and in which status they are
 *     now
 * @param successRate completed among completed and failed, or null while none finished
 * @param medianDurationMs the median of started-to-finished times of finished tasks, or null
 * @param costByRepository the agent's cost in US dollars, per repository, highest first
 */
record Overview(
    Instant since,
    Map<String, Integer> byStatus,
    List<Map<String, Object>> hourly,
    Double successRate,
    Long medianDurationMs,
    Map<String, Double> costByRepository) {

  static final Duration PERIOD = Duration.ofHours(24);

  static Overview of(List<TaskDocument> tasks, Instant now) {
    Instant since = now.minus(PERIOD);
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    TaskStatus.storedNames().forEach(status -> byStatus.put(status, 0));
    List<Map<String, Integer>> hours = new ArrayList<>();
    for (int hour = 0; hour < 24; hour++) {
      hours.add(new LinkedHashMap<>(byStatus));
    }
    List<Long> durations = new ArrayList<>();
    Map<String, Double> cost = new TreeMap<>();
    for (TaskDocument task : tasks) {
      if (task.status() == null || task.createdAt() == null) {
        continue;
      }
      String status = task.status().storedName();
      byStatus.merge(status, 1, Integer::sum);
      int hour = (int) Math.min(23, Duration.between(since, task.createdAt()).toHours());
      hours.get(Math.max(0, hour)).merge(status, 1, Integer::sum);
      Instant started = task.startedAt();
      Instant finished = task.finishedAt();
      if (started != null && finished != null && !finished.isBefore(started)) {
        durations.add(Duration.between(started, finished).toMillis());
      }
      if (task.agent() != null && task.agent().costUsd() != null) {
        cost.merge(String.valueOf(task.repository()), task.agent().costUsd(), Double::sum);
      }
    }
    int completed = byStatus.get(TaskStatus.COMPLETED.storedName());
    int decided = completed + byStatus.get(TaskStatus.FAILED.storedName());
    Double successRate = decided == 0 ? null : completed / (double) decided;
    Map<String, Double> costByRepository = new LinkedHashMap<>();
    cost.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(entry -> costByRepository.put(entry.getKey(), entry.getValue()));
    List<Map<String, Object>> hourly = new ArrayList<>();
    for (int hour = 0; hour < 24; hour++) {
      Map<String, Object> bucket = new LinkedHashMap<>();
      bucket.put("from", since.plus(Duration.ofHours(hour)));
      bucket.putAll(hours.get(hour));
      hourly.add(bucket);
    }
    return new Overview(since, byStatus, hourly, successRate, median(durations), costByRepository);
  }

  private static Long median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
