package dev.kaka.ingress.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * Delivery ids this instance accepted recently, so a repeated delivery is answered without a second
 * record. Task ids are derived from delivery ids, so a repeat that reaches another instance still
 * names the same task and the consumers drop it.
 */
final class RecentDeliveries {

  private final Cache<String, String> taskIdsByDelivery;

  RecentDeliveries(int capacity) {
    // every delivery is a new entry: the evictions run on the request's own thread, instead of
    // waking a pool thread for them many times a second
    this.taskIdsByDelivery =
        Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
  }

  Optional<String> taskIdOf(String deliveryId) {
    return Optional.ofNullable(taskIdsByDelivery.getIfPresent(deliveryId));
  }

  void remember(String deliveryId, String taskId) {
    taskIdsByDelivery.put(deliveryId, taskId);
  }
}
