package dev.kaka.worker.agent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks the environment variables the agent sees out of the worker's. An allow-list rather than a
 * deny-list: an agent allowed to run commands can print its environment, so a variable added to the
 * worker later (a GitHub token, the webhook secret) must stay out unless someone names it.
 */
final class EnvironmentAllowList {

  private static final String WILDCARD = "*";

  private final List<String> names;

  /**
   * @param names variable names; one ending in {@code *} allows every name with that prefix
   */
  EnvironmentAllowList(List<String> names) {
    this.names = List.copyOf(names);
  }

  Map<String, String> filter(Map<String, String> environment) {
    Map<String, String> allowed = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (allows(name)) {
            allowed.put(name, value);
          }
        });
    return allowed;
  }

  private boolean allows(String name) {
    for (String allowed : names) {
      boolean matches =
          allowed.endsWith(WILDCARD)
              ? name.startsWith(allowed.substring(0, allowed.length() - 1))
              : name.equals(allowed);
      if (matches) {
        return true;
      }
    }
    return false;
  }
}
