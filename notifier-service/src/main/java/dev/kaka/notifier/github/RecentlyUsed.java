package dev.kaka.notifier.github;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps that forget their least recently used entries beyond a size; safe across threads. */
final class RecentlyUsed {

  private RecentlyUsed() {}

  static <K, V> Map<K, V> atMost(int entries) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > entries;
          }
        });
  }
}
