package dev.kaka.testkit.github;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every REST call the fake received, faults included, for tests that count what a client asks. */
final class CallLog {

  private final Queue<ApiCall> calls = new ConcurrentLinkedQueue<>();

  void record(ApiCall call) {
    calls.add(call);
  }

  /** How many calls used {@code method} on a path starting with {@code pathPrefix}. */
  int count(String method, String pathPrefix) {
    return (int)
        calls.stream()
            .filter(call -> call.method().equals(method) && call.path().startsWith(pathPrefix))
            .count();
  }

  /** The calls in the order they arrived. */
  List<ApiCall> calls() {
    return List.copyOf(calls);
  }

  /** The calls made for {@code task}, in the order they arrived. */
  List<ApiCall> callsFor(String task) {
    return calls.stream().filter(call -> task.equals(call.task())).toList();
  }
}
