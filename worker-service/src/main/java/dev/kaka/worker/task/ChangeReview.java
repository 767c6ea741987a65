package dev.kaka.worker.task;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.worker.agent.PermissionDenials;
import java.util.List;

/** Whether what the agent left in the workspace is a change Kaka commits. */
final class ChangeReview {

  private ChangeReview() {}

  /**
   * @param changed the files the agent changed
   * @return {@code changed}, when there is a change
   * @throws StageFailure with {@link FailureKind#NO_CHANGES}, or {@link
   *     FailureKind#AGENT_PERMISSION_DENIED} when refused tool uses explain why nothing changed
   */
  static List<String> requireChanges(List<String> changed, AgentReport report) {
    if (changed.isEmpty() && !report.permissionDenials().isEmpty()) {
      throw new StageFailure(
          FailureKind.AGENT_PERMISSION_DENIED,
          PermissionDenials.noChangesMessage(report.permissionDenials()),
          false,
          report);
    }
    if (changed.isEmpty()) {
      throw new StageFailure(FailureKind.NO_CHANGES, noChangesMessage(report), false, report);
    }
    return changed;
  }

  /**
   * @param leaking the changed files that hold Kaka's GitHub token
   * @throws StageFailure with {@link FailureKind#AGENT_FAILED} if there is any: nothing is pushed
   */
  static void refuseLeakedToken(List<String> leaking, AgentReport report) {
    if (!leaking.isEmpty()) {
      throw new StageFailure(
          FailureKind.AGENT_FAILED,
          "The agent's change contains Kaka's GitHub token (in "
              + String.join(", ", leaking)
              + "), so nothing was pushed. Revoke the token if the"
              + " agent could have sent it elsewhere.",
          false,
          report);
    }
  }

  private static String noChangesMessage(AgentReport report) {
    String said =
        report.summary().isBlank()
            ? ""
            : " It said:\n\n> " + report.summary().strip().replace("\n", "\n> ");
    return "The agent finished without changing any file." + said;
  }
}
