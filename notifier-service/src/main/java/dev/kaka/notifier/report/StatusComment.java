package dev.kaka.notifier.report;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.ChecksFailed;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RunSettings;
import dev.kaka.common.event.TaskBudget;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.TriggerRefused;
import dev.kaka.support.time.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The texts Kaka writes on GitHub. Each task owns one issue comment, found again by its hidden
 * marker and edited as the task moves on, so the issue does not fill up with bot chatter.
 */
final class StatusComment {

  private StatusComment() {}

  static String marker(String taskId) {
    return "<!-- kaka-task:" + taskId + " -->";
  }

  static String queued(IssueTriggered event) {
    return "🕐 **Kaka queued this issue** at the request of @"
        + event.trigger().requester()
        + ". This comment will be updated as the work progresses."
        + fixNote(event.pullRequest())
        + unreadNote(event.settings())
        + budgetNote(event.budget())
        + footer(event.taskId(), event.attempt());
  }

  /**
   * Says that a budget is 80 % spent: the ingress gives the notice to one task per budget and
   * window, whose comment keeps it from queued to done.
   */
  private static String budgetNote(TaskBudget budget) {
    if (budget == null || budget.notice() == null) {
      return "";
    }
    return "\n\n💰 " + budget.notice();
  }

  /** Says that the repository's settings were not used, when GitHub did not serve them. */
  private static String unreadNote(TaskSettings settings) {
    if (settings == null || settings.unreadable() == null) {
      return "";
    }
    return "\n\n⚠️ `"
        + TaskSettings.FILE
        + "` could not be read ("
        + settings.unreadable()
        + "), so this task uses Kaka's service-wide settings.";
  }

  static String running(TaskStarted event) {
    return "⚙️ **Kaka is working on this issue** on branch `"
        + event.branch()
        + "`."
        + footer(event.taskId(), event.attempt());
  }

  static String completed(TaskCompleted event, String pullRequestUrl) {
    return "✅ **Kaka opened a pull request:** "
        + pullRequestUrl
        + "\n\n"
        + "Files changed: "
        + files(event.filesChanged())
        + "\n"
        + agentLine(event.agent())
        + blockedNote(event.agent())
        + unreadNote(event.settings())
        + budgetNote(event.budget())
        + footer(event.taskId(), event.attempt());
  }

  /**
   * Names the hosts the agent's sandbox refused, so that a maintainer can ask for one to be
   * allowed: a missing package registry is the usual reason a build failed inside the sandbox.
   */
  private static String blockedNote(AgentReport agent) {
    if (agent.blockedHosts().isEmpty()) {
      return "";
    }
    return "\n\n🛡️ The agent's sandbox blocked connections to "
        + String.join(", ", agent.blockedHosts().stream().map(host -> "`" + host + "`").toList())
        + ". Kaka's operators can allow a host with `kaka.agent.network.allowed-hosts`.";
  }

  static String cancelled(TaskCancelled event) {
    return "⏹️ **Kaka stopped working on this** at the request of @"
        + event.requester()
        + "."
        + " Comment `/kaka` or add the label again to start over."
        + footer(event.taskId(), event.attempt());
  }

  /** Which fix of the pull request's failing checks a task is, when it is one. */
  private static String fixNote(PullRequestRef pullRequest) {
    if (pullRequest == null || pullRequest.checkFix() == null) {
      return "";
    }
    PullRequestRef.CheckFix fix = pullRequest.checkFix();
    return "\n\n🔧 It fixes the failing checks of this pull request: fix "
        + fix.attempt()
        + " of "
        + fix.maxAttempts()
        + " (`pull-request.max-fix-attempts`), counted apart from retries.";
  }

  static String checksMarker(String headSha) {
    return "<!-- kaka-checks:" + headSha + " -->";
  }

  static String checksFailed(ChecksFailed event) {
    String head = event.headSha().substring(0, Math.min(7, event.headSha().length()));
    String names =
        String.join(", ", event.checks().stream().map(name -> "`" + name + "`").toList());
    String failed = "Checks failed on `" + head + "`: " + names + ".\n\n";
    if (event.gaveUp()) {
      return "❌ "
          + failed
          + "Kaka has tried to fix this pull request's checks "
          + event.fixAttempts()
          + (event.fixAttempts() == 1 ? " time" : " times")
          + " (`pull-request.max-fix-attempts` is "
          + event.maxFixAttempts()
          + "), so it leaves them to you. Comment `/kaka <what to change>` to ask for more."
          + "\n"
          + checksMarker(event.headSha());
    }
    return "🔴 "
        + failed
        + "Comment `/kaka fix-checks` and Kaka will try to fix them (fix "
        + (event.fixAttempts() + 1)
        + " of "
        + event.maxFixAttempts()
        + " on this pull request), or set `pull-request.fix-failing-checks: true` in `"
        + TaskSettings.FILE
        + "` to have it do so by itself."
        + "\n"
        + checksMarker(event.headSha());
  }

  static String refusalMarker(String requester) {
    return "<!-- kaka-refused:" + requester + " -->";
  }

  static String refused(TriggerRefused event) {
    return "@"
        + event.requester()
        + " Kaka did not start: "
        + event.reason()
        + ".\n\n"
        + "<sub>Kaka answers this once per person on an issue.</sub>\n"
        + refusalMarker(event.requester());
  }

  /**
   * A failure; one that the worker retries by itself (the event says up to which attempt) says so,
   * since the comment will change again.
   */
  static String failed(TaskFailed event) {
    if (event.willRetry()) {
      return "🔁 **Kaka's attempt "
          + event.attempt()
          + " failed; retrying ("
          + (event.attempt() + 1)
          + "/"
          + event.maxAttempts()
          + ")** after a pause.\n\n"
          + event.message()
          + footer(event.taskId(), event.attempt());
    }
    return "❌ **Kaka could not finish this issue.**\n\n"
        + event.message()
        + blockedNote(event.agent())
        + "\n\n"
        + advice(event.failure())
        + budgetNote(event.budget())
        + footer(event.taskId(), event.attempt());
  }

  static String pullRequestBody(TaskCompleted event) {
    String summary =
        event.agent().summary().isBlank() ? "" : event.agent().summary().strip() + "\n\n";
    return "Closes #"
        + event.issue().number()
        + "\n\n"
        + summary
        + "Requested by @"
        + event.requester()
        + ".\n"
        + "Files changed: "
        + files(event.filesChanged())
        + "\n"
        + agentLine(event.agent())
        + settingsLine(event.applied())
        + footer(event.taskId(), event.attempt());
  }

  /**
   * {@code text}, written by one of the methods above, with its footer linking the task's page on
   * Kaka's dashboard, where its prompt, settings and history are.
   */
  static String withTaskPage(String text, String taskId, String page) {
    String end = "</sub>\n" + marker(taskId);
    if (!text.endsWith(end)) {
      return text;
    }
    return text.substring(0, text.length() - end.length()) + " · [run details](" + page + ")" + end;
  }

  /** For a reviewer: the model, and where the run's settings came from. */
  private static String settingsLine(RunSettings applied) {
    if (applied == null) {
      return "";
    }
    String model = applied.model() == null ? "the agent's default" : "`" + applied.model() + "`";
    RunSettings.RepositoryFile file =
        applied.repositoryFile() == null
            ? RunSettings.RepositoryFile.ABSENT
            : applied.repositoryFile();
    String source =
        switch (file) {
          case READ ->
              applied.fromRepository().isEmpty()
                  ? "Kaka's own (`" + TaskSettings.FILE + "` changes none)"
                  : "Kaka's own, with "
                      + String.join(
                          ", ", applied.fromRepository().stream().map(k -> "`" + k + "`").toList())
                      + " from `"
                      + TaskSettings.FILE
                      + "`";
          case UNREADABLE -> "Kaka's own (`" + TaskSettings.FILE + "` could not be read)";
          case ABSENT -> "Kaka's own (no `" + TaskSettings.FILE + "`)";
        };
    return "Model: " + model + " · settings: " + source + "\n";
  }

  private static String advice(FailureKind kind) {
    String what =
        switch (kind) {
          case AGENT_FAILED ->
              "The agent stopped with an error. Clarify the issue or add instructions, then";
          case AGENT_TIMED_OUT -> "The task may be too large for one run. Narrow it down, then";
          case AGENT_MAX_TURNS ->
              "The agent ran out of turns. Split the issue or add instructions that "
                  + "narrow it (or raise `agent.max-turns` in `"
                  + TaskSettings.FILE
                  + "`, up to what "
                  + "Kaka's operators allow with `kaka.agent.max-turns`), then";
          case AGENT_BUDGET_EXCEEDED ->
              "The agent reached its spending limit. Narrow the issue down "
                  + "(or raise `agent.max-budget-usd` in `"
                  + TaskSettings.FILE
                  + "`, up to what Kaka's "
                  + "operators allow with `kaka.agent.max-budget-usd`), then";
          case AGENT_NOT_AUTHENTICATED ->
              "Kaka's operators must give the worker a valid Anthropic API " + "key. After that,";
          case AGENT_API_UNREACHABLE ->
              "The Anthropic API could not be reached; this is usually "
                  + "temporary. Wait a few minutes, then";
          case AGENT_NOT_INSTALLED ->
              "Kaka's operators must install the Claude Code CLI on the " + "worker. After that,";
          case AGENT_PERMISSION_DENIED ->
              "The agent was not allowed to do what it needed. Ask for a "
                  + "change that needs less (Kaka's operators can allow tools with "
                  + "`kaka.agent.allowed-tools`), then";
          case NO_CHANGES ->
              "The agent did not change any file. Make the issue more specific, then";
          case SANDBOX_UNAVAILABLE ->
              "The worker could not fence the agent in, so it did not run"
                  + " it. Kaka's operators must let the worker create user namespaces (see its set-up"
                  + " check). After that,";
          case SETUP_FAILED ->
              "Fix the set-up command in `"
                  + TaskSettings.FILE
                  + "` on the default"
                  + " branch (a host it needs may have to be allowed by Kaka's operators), then";
          case CHANGE_REFUSED ->
              "Ask for a change without what was refused (the issue can say "
                  + "which files to leave alone), then";
          case GIT_FAILED -> "Check that Kaka's token can read and push to this repository, then";
          case GITHUB_FAILED ->
              "GitHub did not accept Kaka's request. Check the token's permissions (as a GitHub"
                  + " App: that it is installed here with its permissions), then";
          case INVALID_REQUEST ->
              "Fix the request (a problem in `"
                  + TaskSettings.FILE
                  + "` is fixed "
                  + "on the default branch), then";
          case STALE_TRIGGER ->
              "Kaka did not run a request this old, as it may no longer be wanted (its operators"
                  + " set the limit with `kaka.worker.max-trigger-age`). To run it now, retry the"
                  + " task from Kaka's dashboard or its API (`POST /api/tasks/{id}/retry`), or";
          case NOTHING_TO_FIX ->
              "Nothing needs fixing now. When a check fails on the pull request's head, comment"
                  + " `/kaka fix-checks`, or";
          case STUCK ->
              "The task stopped making progress, most likely because its worker stopped; nothing"
                  + " on the issue needs to change. Retry the task from Kaka's dashboard or its API"
                  + " (`POST /api/tasks/{id}/retry`), or";
          case INTERNAL_ERROR ->
              "This is a fault in Kaka; its operators can find the task id in the logs. Later,";
        };
    return what + " comment `/kaka` or add the label again to retry.";
  }

  private static String agentLine(AgentReport agent) {
    List<String> parts = new ArrayList<>();
    if (agent.turns() != null) {
      parts.add(agent.turns() + (agent.turns() == 1 ? " turn" : " turns"));
    }
    if (agent.costUsd() != null) {
      parts.add(String.format(Locale.ROOT, "$%.4f", agent.costUsd()));
    }
    if (agent.durationMs() != null) {
      parts.add(DurationText.of(Duration.ofMillis(agent.durationMs())));
    }
    int refused = agent.permissionDenials().size();
    if (refused > 0) {
      parts.add(refused + (refused == 1 ? " tool use refused" : " tool uses refused"));
    }
    String memory = agent.memory() == null ? "" : agent.memory() + "\n";
    return (parts.isEmpty() ? "" : "Agent: " + String.join(" · ", parts) + "\n") + memory;
  }

  private static String files(List<String> files) {
    if (files.isEmpty()) {
      return "none";
    }
    List<String> shown = files.stream().limit(20).map(f -> "`" + f + "`").toList();
    String more =
        files.size() > shown.size() ? " and " + (files.size() - shown.size()) + " more" : "";
    return String.join(", ", shown) + more;
  }

  private static String footer(String taskId, int attempt) {
    String attemptNote = attempt > 1 ? ", attempt " + attempt : "";
    return "\n\n<sub>Kaka task `" + taskId + "`" + attemptNote + "</sub>\n" + marker(taskId);
  }
}
