package dev.kaka.testkit.github;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * REST calls, such as those of one task, counted as GitHub's rate limits count them: against the
 * primary limit every call but a 304, against the secondary limit on content creation every write;
 * the App's own calls that mint installation tokens apart from both.
 */
public record TaskCalls(List<ApiCall> calls) {

  public TaskCalls {
    calls = List.copyOf(calls);
  }

  public static TaskCalls of(Collection<ApiCall> calls) {
    return new TaskCalls(List.copyOf(calls));
  }

  /** Calls that count against the primary limit, token minting left out. */
  public int primary() {
    return count(call -> !call.tokenMinting() && call.primary());
  }

  /** Content-creating calls, token minting left out. */
  public int contentCreating() {
    return count(call -> !call.tokenMinting() && call.contentCreating());
  }

  /** Conditional requests answered 304, which cost no primary budget. */
  public int notModified() {
    return count(call -> !call.tokenMinting() && !call.primary());
  }

  /** The App's calls for installation tokens (its JWT's). */
  public int tokenMinting() {
    return count(ApiCall::tokenMinting);
  }

  /** Per method and endpoint ({@code GET /repos/{owner}/{repo}}), token minting left out. */
  public Map<String, EndpointCalls> byEndpoint() {
    Map<String, EndpointCalls> table = new TreeMap<>();
    for (ApiCall call : calls) {
      if (!call.tokenMinting()) {
        table.merge(
            call.methodAndEndpoint(),
            new EndpointCalls(call.primary() ? 1 : 0, call.primary() ? 0 : 1),
            EndpointCalls::plus);
      }
    }
    return table;
  }

  private int count(Predicate<ApiCall> which) {
    return (int) calls.stream().filter(which).count();
  }

  /** One endpoint's calls: those that counted, and those answered 304. */
  public record EndpointCalls(int primary, int notModified) {

    EndpointCalls plus(EndpointCalls other) {
      return new EndpointCalls(primary + other.primary, notModified + other.notModified);
    }
  }
}
