package dev.kaka.testkit.github;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every REST call the fake received, faults included, for tests that count what a client asks. */
final class CallLog {

  private final Queue<String> calls = new ConcurrentLinkedQueue<>();

  void record(String method, String path) {
    calls.add(method + " " + path);
  }

  /** How many calls used {@code method} on a path starting with {@code pathPrefix}. */
  int count(String method, String pathPrefix) {
    String prefix = method + " " + pathPrefix;
    return (int) calls.stream().filter(call -> call.startsWith(prefix)).count();
  }
}
