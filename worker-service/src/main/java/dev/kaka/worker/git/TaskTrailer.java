package dev.kaka.worker.git;

import java.util.Objects;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The {@code Kaka-Task-Id: <id>} trailer that marks a commit as the result of a task, so that a
 * redelivered task can recognise that its work has already been pushed.
 */
public final class TaskTrailer {

  public static final String KEY = "Kaka-Task-Id";

  private TaskTrailer() {}

  /** The message with the trailer appended as the last paragraph, where git looks for trailers. */
  public static String appendTo(String message, String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    if (taskId.isBlank() || taskId.contains("\n")) {
      throw new IllegalArgumentException(
          "A task id must be one non-blank line, got '" + taskId + "'");
    }
    return message.stripTrailing() + "\n\n" + KEY + ": " + taskId + "\n";
  }

  static boolean marks(RevCommit commit, String taskId) {
    return commit.getFooterLines(KEY).stream().map(String::strip).anyMatch(taskId::equals);
  }
}
