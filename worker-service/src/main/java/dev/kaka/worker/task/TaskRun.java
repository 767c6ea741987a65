package dev.kaka.worker.task;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.worker.checks.CheckReport;
import dev.kaka.worker.git.BranchNames;

/**
 * One task with what its planning decided, handed from stage to stage so that no stage plans again.
 *
 * @param task the trigger being run
 * @param plan how it runs, its settings checked
 * @param branch where its change goes: the pull request's branch for a follow-up, a new one named
 *     after the issue otherwise
 * @param checks the failed checks a fix of them is for; {@link CheckReport#NONE} for other tasks
 */
record TaskRun(IssueTriggered task, RunPlan plan, String branch, CheckReport checks) {

  /** A run that fixes no checks. */
  TaskRun(IssueTriggered task, RunPlan plan, String branch) {
    this(task, plan, branch, CheckReport.NONE);
  }

  static TaskRun of(IssueTriggered task, RunPlan plan) {
    return of(task, plan, CheckReport.NONE);
  }

  static TaskRun of(IssueTriggered task, RunPlan plan, CheckReport checks) {
    String branch =
        task.pullRequest() != null
            ? task.pullRequest().branch()
            : BranchNames.forIssue(
                plan.branchPrefix(), task.issue().number(), task.issue().title());
    return new TaskRun(task, plan, branch, checks);
  }

  String taskId() {
    return task.taskId();
  }

  /** What the agent is told: built in one place, so that the audit shows what the agent got. */
  String prompt() {
    return PromptBuilder.withFailedChecks(PromptBuilder.build(task, branch, plan), checks);
  }
}
