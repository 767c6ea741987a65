package dev.kaka.worker.task;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.worker.git.NoreplyAddresses;
import dev.kaka.worker.git.TaskTrailer;

/**
 * The message of a task's commit: what was asked and by whom, the requester as co-author (GitHub
 * then lists them beside Kaka), and the task's trailer, which a redelivery looks for. The trailers
 * end the message in one paragraph, where git and GitHub look for them.
 */
final class CommitMessage {

  private static final int SUBJECT_LENGTH = 72;

  private final NoreplyAddresses noreply;

  CommitMessage(NoreplyAddresses noreply) {
    this.noreply = noreply;
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
    return TaskTrailer.appendTo(message, task.taskId());
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
