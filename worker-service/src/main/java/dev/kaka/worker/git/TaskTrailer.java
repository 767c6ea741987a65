package dev.kaka.worker.git;

import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The {@code Kaka-Task-Id: <id>} trailer that marks a commit as the result of a task, so that a
 * redelivered task can recognise that its work has already been pushed.
 */
public final class TaskTrailer {

  public static final String KEY = "Kaka-Task-Id";

  /** A paragraph of {@code Key: value} lines only: git's trailer block. */
  private static final Pattern TRAILER_BLOCK =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*: .+(\\n[A-Za-z0-9][A-Za-z0-9-]*: .+)*");

  private TaskTrailer() {}

  /**
   * The message with the trailer appended where git looks for trailers: to the trailer block that
   * ends the message (as {@code git interpret-trailers} does), or as a new last paragraph.
   */
  public static String appendTo(String message, String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    if (taskId.isBlank() || taskId.contains("\n")) {
      throw new IllegalArgumentException(
          "A task id must be one non-blank line, got '" + taskId + "'");
    }
    String body = message.stripTrailing();
    String separator = endsWithTrailerBlock(body) ? "\n" : "\n\n";
    return body + separator + KEY + ": " + taskId + "\n";
  }

  private static boolean endsWithTrailerBlock(String body) {
    int paragraph = body.lastIndexOf("\n\n");
    return paragraph >= 0 && TRAILER_BLOCK.matcher(body.substring(paragraph + 2)).matches();
  }

  static boolean marks(RevCommit commit, String taskId) {
    return commit.getFooterLines(KEY).stream().map(String::strip).anyMatch(taskId::equals);
  }
}
