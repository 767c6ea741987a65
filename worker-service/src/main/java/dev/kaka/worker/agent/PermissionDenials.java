package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport.PermissionDenial;
import java.util.List;

/** Says which tool uses the agent was refused, in a maintainer's words. */
public final class PermissionDenials {

  private static final int SHOWN = 3;

  private PermissionDenials() {}

  /** Why a run that changed nothing failed, when it was refused tool uses. */
  public static String noChangesMessage(List<PermissionDenial> denials) {
    return "The agent changed no file and was refused "
        + describe(denials)
        + ". Allow what it "
        + "needs with kaka.agent.allowed-tools (such as Bash(npm test:*)), or ask for less in the "
        + "issue.";
  }

  /** "2 tool uses: Bash `curl …`, Write `/etc/hosts`" */
  public static String describe(List<PermissionDenial> denials) {
    StringBuilder text =
        new StringBuilder()
            .append(denials.size())
            .append(denials.size() == 1 ? " tool use: " : " tool uses: ");
    for (int i = 0; i < Math.min(SHOWN, denials.size()); i++) {
      PermissionDenial denial = denials.get(i);
      text.append(i == 0 ? "" : ", ").append(denial.tool());
      if (!denial.target().isBlank()) {
        text.append(" `").append(denial.target().replace("`", "'")).append('`');
      }
    }
    if (denials.size() > SHOWN) {
      text.append(" and ").append(denials.size() - SHOWN).append(" more");
    }
    return text.toString();
  }
}
