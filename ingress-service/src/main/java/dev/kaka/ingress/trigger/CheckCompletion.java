package dev.kaka.ingress.trigger;

import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What a {@code check_suite}, {@code check_run} or {@code workflow_run} delivery says: which check
 * completed, how, on which commit, and for which pull request of the same repository. Only a
 * completion whose commit is still the pull request's head, as the payload has it, counts: checks
 * are judged for the head alone.
 *
 * @param name the check's name: the run's, the workflow's, or the suite's app
 * @param pullRequestNumber 0 when the commit is the head of no pull request
 */
record CheckCompletion(
    String action, String conclusion, String name, String headSha, int pullRequestNumber) {

  // a cancelled or skipped check is someone's decision, not a failure to fix
  private static final Set<String> FAILED = Set.of("failure", "timed_out", "startup_failure");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  static CheckCompletion of(String event, JsonNode payload) {
    JsonNode subject = payload.path(event);
    String headSha = subject.path("head_sha").asString("");
    String name =
        event.equals("check_suite")
            ? subject.path("app").path("name").asString("")
            : subject.path("name").asString("");
    return new CheckCompletion(
        payload.path("action").asString(""),
        subject.path("conclusion").asString(""),
        name.isBlank() ? event : name.strip(),
        headSha,
        pullRequestOf(subject.path("pull_requests"), headSha));
  }

  /** The pull request whose head is {@code headSha}, among those GitHub lists; 0 for none. */
  private static int pullRequestOf(JsonNode pulls, String headSha) {
    for (JsonNode pull : pulls) {
      if (pull.path("head").path("sha").asString("").equals(headSha)) {
        return pull.path("number").asInt(0);
      }
    }
    return 0;
  }

  boolean failedOnPullRequest() {
    return whyNot() == null;
  }

  /** Why the delivery asks nothing of Kaka; null when it does. */
  String whyNot() {
    if (!action.equals("completed")) {
      return "check action '" + action + "' does not trigger Kaka";
    }
    if (!FAILED.contains(conclusion)) {
      return "the check ended '" + conclusion + "', which needs no fix";
    }
    if (!SHA.matcher(headSha).matches()) {
      return "the check names no commit";
    }
    if (pullRequestNumber <= 0) {
      return "the check ran on no pull request's head";
    }
    return null;
  }
}
