package dev.kaka.worker.task;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.worker.agent.Agent;
import dev.kaka.worker.agent.AgentProperties;
import dev.kaka.worker.agent.AgentRequest;
import dev.kaka.worker.agent.AgentResult;
import dev.kaka.worker.git.BranchNames;
import dev.kaka.worker.git.GitOperationException;
import dev.kaka.worker.git.GitProperties;
import dev.kaka.worker.git.GitWorkspaces;
import dev.kaka.worker.git.TaskTrailer;
import dev.kaka.worker.git.Workspace;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries one task from trigger to outcome: workspace, agent, commit, push. Every way it can end
 * becomes a published {@link TaskCompleted} or {@link TaskFailed}; none leaves the task hanging.
 */
@Component
class TaskRunner {

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final GitWorkspaces workspaces;
  private final Agent agent;
  private final AgentProperties agentProperties;
  private final GitProperties gitProperties;
  private final TaskEventPublisher publisher;
  private final WorkerProperties worker;
  private final Clock clock;

  TaskRunner(GitWorkspaces workspaces, Agent agent, AgentProperties agentProperties,
      GitProperties gitProperties, TaskEventPublisher publisher, WorkerProperties worker, Clock clock) {
    this.workspaces = workspaces;
    this.agent = agent;
    this.agentProperties = agentProperties;
    this.gitProperties = gitProperties;
    this.publisher = publisher;
    this.worker = worker;
    this.clock = clock;
  }

  void run(IssueTriggered task) {
    String branch = BranchNames.forIssue(gitProperties.branchPrefix(), task.issue().number(),
        task.issue().title());
    publisher.publish(new TaskStarted(TaskEvent.SCHEMA_VERSION, task.taskId(), task.deliveryId(),
        task.repository(), task.issue(), task.attempt(), branch, worker.name(), clock.instant()));
    TaskEvent outcome = outcome(task, branch);
    publisher.publish(outcome);
    log.info("Task {} for {} ended: {}", task.taskId(), task.partitionKey(),
        outcome instanceof TaskFailed failed ? failed.failure() + ": " + failed.message() : "completed");
  }

  private TaskEvent outcome(IssueTriggered task, String branch) {
    try (Workspace workspace = workspaces.create(task.repository(), branch)) {
      Optional<String> done = workspace.existingTaskCommit(task.taskId());
      if (done.isPresent()) {
        log.info("Task {} was already pushed as {}; not running the agent again", task.taskId(),
            done.get());
        return completed(task, branch, done.get(), workspace.changedFilesOf(done.get()),
            AgentReport.empty());
      }
      return runAgent(task, branch, workspace);
    } catch (GitOperationException e) {
      return failed(task, FailureKind.GIT_FAILED, e.getMessage(), e.retryable(), AgentReport.empty());
    } catch (RuntimeException e) {
      log.error("Task {} failed inside the worker", task.taskId(), e);
      return failed(task, FailureKind.INTERNAL_ERROR,
          "The worker failed unexpectedly (" + e.getClass().getSimpleName() + ").", true,
          AgentReport.empty());
    }
  }

  private TaskEvent runAgent(IssueTriggered task, String branch, Workspace workspace) {
    AgentResult result = agent.run(new AgentRequest(task.taskId(), workspace.directory(),
        PromptBuilder.build(task, branch), agentProperties.timeout()));
    if (result.outcome() == AgentResult.Outcome.TIMED_OUT) {
      return failed(task, FailureKind.AGENT_TIMED_OUT, result.message(), false, result.report());
    }
    if (result.outcome() != AgentResult.Outcome.SUCCEEDED) {
      return failed(task, FailureKind.AGENT_FAILED, result.message(), false, result.report());
    }
    List<String> changed = workspace.changedFiles();
    if (changed.isEmpty()) {
      return failed(task, FailureKind.NO_CHANGES, noChangesMessage(result.report()), false,
          result.report());
    }
    String commit = workspace.commitAll(commitMessage(task), gitProperties.author().toPersonIdent());
    workspace.push(branch);
    return completed(task, branch, commit, changed, result.report());
  }

  private static String noChangesMessage(AgentReport report) {
    String said = report.summary().isBlank() ? "" : " It said:\n\n> " + report.summary().strip()
        .replace("\n", "\n> ");
    return "The agent finished without changing any file." + said;
  }

  private static String commitMessage(IssueTriggered task) {
    String message = "Implement #" + task.issue().number() + ": " + task.issue().title() + "\n\n"
        + "Requested by @" + task.trigger().requester() + " in " + task.issue().url() + "\n";
    return TaskTrailer.appendTo(message, task.taskId());
  }

  private TaskCompleted completed(IssueTriggered task, String branch, String commit,
      List<String> files, AgentReport report) {
    return new TaskCompleted(TaskEvent.SCHEMA_VERSION, task.taskId(), task.deliveryId(),
        task.repository(), task.issue(), task.trigger().requester(), task.attempt(), branch,
        task.repository().defaultBranch(), commit, files, report, clock.instant());
  }

  private TaskFailed failed(IssueTriggered task, FailureKind kind, String message,
      boolean retryable, AgentReport report) {
    return new TaskFailed(TaskEvent.SCHEMA_VERSION, task.taskId(), task.deliveryId(),
        task.repository(), task.issue(), task.attempt(), kind, message, retryable, report,
        clock.instant());
  }
}
