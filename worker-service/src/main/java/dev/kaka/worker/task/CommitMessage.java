package dev.kaka.worker.task;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.support.dashboard.DashboardProperties;
import dev.kaka.worker.git.NoreplyAddresses;
import dev.kaka.worker.git.TaskTrailer;

/**
 * The message of a task's commit: what was asked and by whom, the requester as co-author (GitHub
 * then lists them beside Kaka), the task's trailer, which a redelivery looks for, and the run's
 * trailer, which leads a reviewer from the commit to the task's page on the dashboard. The trailers
 * end the message in one paragraph, where git and GitHub look for them.
 */
final class CommitMessage {

  /** The trailer naming the task's page on the dashboard, when it has a public address. */
  static final String RUN_TRAILER = "Kaka-Run";

  private static final int SUBJECT_LENGTH = 72;

  private final NoreplyAddresses noreply;
  private final DashboardProperties dashboard;

  CommitMessage(NoreplyAddresses noreply, DashboardProperties dashboard) {
    this.noreply = noreply;
    this.dashboard = dashboard;
  }

  String of(IssueTriggered task) {
    String subject =
        task.pullRequest() != null
            ? "Follow up on #"
                + task.issue().number()
                + ": "
                + firstLine(task.trigger().instructions())
            : "Implement #" + task.issue().number() + ": " + task.issue().title();
    String message =
        subject
            + "\n\n"
            + "Requested by @"
            + task.trigger().requester()
            + " in "
            + task.issue().url()
            + "\n"
            + coAuthor(task.trigger());
    // the task's trailer ends the message, so this one joins its trailer block
    String marked = TaskTrailer.appendTo(message, task.taskId());
    return dashboard
        .taskPage(task.taskId())
        .map(page -> marked + RUN_TRAILER + ": " + page + "\n")
        .orElse(marked);
  }

  /**
   * The requester as co-author, by their noreply address. None for a bot, which is no author, nor
   * for a retry, whose requester is a dashboard account rather than a GitHub one.
   */
  private String coAuthor(Trigger trigger) {
    String login = trigger.requester();
    if (trigger.kind() == TriggerKind.RETRY || login.isBlank() || login.endsWith("[bot]")) {
      return "";
    }
    return "\nCo-authored-by: " + login + " <" + noreply.of(login, trigger.requesterId()) + ">\n";
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("requested changes");
    return line.length() > SUBJECT_LENGTH ? line.substring(0, SUBJECT_LENGTH - 3) + "..." : line;
  }
}
