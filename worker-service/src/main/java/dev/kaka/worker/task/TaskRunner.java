package dev.kaka.worker.task;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.support.github.GitHubAppException;
import dev.kaka.worker.agent.Agent;
import dev.kaka.worker.agent.AgentProgress;
import dev.kaka.worker.agent.AgentProperties;
import dev.kaka.worker.agent.AgentRequest;
import dev.kaka.worker.agent.AgentResult;
import dev.kaka.worker.agent.PermissionDenials;
import dev.kaka.worker.agent.sandbox.RunContext;
import dev.kaka.worker.git.BranchNames;
import dev.kaka.worker.git.ChangeRefusedException;
import dev.kaka.worker.git.CommitAuthor;
import dev.kaka.worker.git.GitOperationException;
import dev.kaka.worker.git.GitProperties;
import dev.kaka.worker.git.GitWorkspaces;
import dev.kaka.worker.git.NoreplyAddresses;
import dev.kaka.worker.git.Workspace;
import java.time.Clock;
import java.time.Duration;
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
  private final Cancellations cancellations;
  private final CommitAuthor commitAuthor;
  private final CommitMessage commitMessage;
  private final Clock clock;

  TaskRunner(
      GitWorkspaces workspaces,
      Agent agent,
      AgentProperties agentProperties,
      GitProperties gitProperties,
      TaskEventPublisher publisher,
      WorkerProperties worker,
      Cancellations cancellations,
      CommitAuthor commitAuthor,
      NoreplyAddresses noreply,
      Clock clock) {
    this.workspaces = workspaces;
    this.agent = agent;
    this.agentProperties = agentProperties;
    this.gitProperties = gitProperties;
    this.publisher = publisher;
    this.worker = worker;
    this.cancellations = cancellations;
    this.commitAuthor = commitAuthor;
    this.commitMessage = new CommitMessage(noreply);
    this.clock = clock;
  }

  /**
   * Runs {@code task} and returns its published outcome; a failure says that the worker's automatic
   * retries go up to attempt {@code maxAttempts}.
   *
   * @throws TaskAbandonedException when the worker's shutdown stopped the task: nothing is
   *     published, and the trigger is to stay uncommitted
   */
  TaskEvent run(IssueTriggered task, int maxAttempts) {
    Optional<String> stale = staleness(task);
    if (stale.isPresent()) {
      TaskFailed notRun =
          failed(task, FailureKind.STALE_TRIGGER, stale.get(), false, AgentReport.empty());
      publisher.publish(notRun);
      log.warn("Task {} for {} not run: {}", task.taskId(), task.partitionKey(), stale.get());
      return notRun;
    }
    Optional<String> cancelledBefore = cancellations.requester(task.taskId(), task.attempt());
    if (cancelledBefore.isPresent()) {
      TaskCancelled cancelled = cancelled(task, cancelledBefore.get());
      publisher.publish(cancelled);
      return cancelled;
    }
    String unusable = RunPlan.of(task, agentProperties, gitProperties.branchPrefix()).problem();
    if (unusable != null) {
      // the repository's settings file is wrong: running again changes nothing until it is fixed
      TaskFailed invalid =
          failed(task, FailureKind.INVALID_REQUEST, unusable, false, AgentReport.empty());
      publisher.publish(invalid);
      log.info("Task {} for {} not run: {}", task.taskId(), task.partitionKey(), unusable);
      return invalid;
    }
    String branch = branchFor(task);
    publisher.publish(
        new TaskStarted(
            TaskEvent.SCHEMA_VERSION,
            task.taskId(),
            task.deliveryId(),
            task.repository(),
            task.issue(),
            task.attempt(),
            branch,
            worker.name(),
            clock.instant()));
    TaskEvent outcome = cancellable(task, branch);
    if (outcome instanceof TaskFailed failed) {
      outcome = failed.withMaxAttempts(maxAttempts);
    }
    publisher.publish(outcome);
    log.info(
        "Task {} for {} ended with {}{}",
        task.taskId(),
        task.partitionKey(),
        outcome.getClass().getSimpleName(),
        outcome instanceof TaskFailed failed
            ? " " + failed.failure() + ": " + failed.message()
            : "");
    return outcome;
  }

  /**
   * Why the trigger is too old to run, if it is. Every delivery is judged by the trigger's own
   * time, automatic retries included: their pauses are short against the limit, and the retry
   * topics keep their history too, which a group that lost its offsets would replay as well. Who
   * asks for a task again (the retry API, {@code /kaka}, {@code ./kaka replay-dead-letters})
   * publishes it with a new time.
   */
  private Optional<String> staleness(IssueTriggered task) {
    Duration age = Duration.between(task.occurredAt(), clock.instant());
    if (age.compareTo(worker.maxTriggerAge()) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        "The request is from "
            + task.occurredAt()
            + ", "
            + readable(age)
            + " before a worker took it: longer than the "
            + readable(worker.maxTriggerAge())
            + " Kaka waits (`kaka.worker.max-trigger-age`), so it was not run. Kafka most likely"
            + " delivered it again from its history.");
  }

  private static String readable(Duration duration) {
    if (duration.toHours() > 0) {
      return duration.toHours() + " h";
    }
    if (duration.toMinutes() > 0) {
      return duration.toMinutes() + " min";
    }
    return duration.toSeconds() + " s";
  }

  private String branchFor(IssueTriggered task) {
    return task.pullRequest() != null
        ? task.pullRequest().branch()
        : BranchNames.forIssue(
            plan(task).branchPrefix(), task.issue().number(), task.issue().title());
  }

  /** How the task runs; {@link #run} has made sure that its settings are usable. */
  private RunPlan plan(IssueTriggered task) {
    return RunPlan.of(task, agentProperties, gitProperties.branchPrefix()).plan();
  }

  /**
   * Runs the task where a cancellation or the worker's shutdown can interrupt it; a cancelled task
   * ends as cancelled, one the shutdown stopped ends with {@link TaskAbandonedException}.
   */
  private TaskEvent cancellable(IssueTriggered task, String branch) {
    TaskEvent outcome = null;
    cancellations.started(task.taskId(), task.attempt(), Thread.currentThread());
    try {
      // a request that came before this thread was registered could not interrupt it
      if (cancellations.requester(task.taskId(), task.attempt()).isEmpty()
          && !cancellations.abandoning()) {
        outcome = outcome(task, branch);
      }
    } finally {
      cancellations.finished(task.taskId(), task.attempt());
    }
    Optional<String> cancelledBy = cancellations.requester(task.taskId(), task.attempt());
    if (!(outcome instanceof TaskCompleted) && cancelledBy.isPresent()) {
      return cancelled(task, cancelledBy.get());
    }
    if (!(outcome instanceof TaskCompleted) && cancellations.abandoning()) {
      throw new TaskAbandonedException(task.taskId(), task.attempt());
    }
    return outcome;
  }

  private TaskEvent outcome(IssueTriggered task, String branch) {
    try (Workspace workspace =
        task.pullRequest() != null
            ? workspaces.continueBranch(task.repository(), branch)
            : workspaces.create(task.repository(), branch, plan(task).baseBranch())) {
      Optional<String> done = workspace.existingTaskCommit(task.taskId());
      if (done.isPresent()) {
        log.info(
            "Task {} was already pushed as {}; not running the agent again",
            task.taskId(),
            done.get());
        return completed(
            task, branch, done.get(), workspace.changedFilesOf(done.get()), AgentReport.empty());
      }
      return runAgent(task, branch, workspace);
    } catch (ChangeRefusedException e) {
      return failed(task, FailureKind.CHANGE_REFUSED, e.getMessage(), false, AgentReport.empty());
    } catch (GitOperationException e) {
      return failed(
          task, FailureKind.GIT_FAILED, e.getMessage(), e.retryable(), AgentReport.empty());
    } catch (GitHubAppException e) {
      return failed(
          task, FailureKind.GITHUB_FAILED, e.getMessage(), e.retryable(), AgentReport.empty());
    } catch (RuntimeException e) {
      log.error("Task {} failed inside the worker", task.taskId(), e);
      return failed(
          task,
          FailureKind.INTERNAL_ERROR,
          "The worker failed unexpectedly (" + e.getClass().getSimpleName() + ").",
          true,
          AgentReport.empty());
    }
  }

  private TaskEvent runAgent(IssueTriggered task, String branch, Workspace workspace) {
    RunPlan plan = plan(task);
    GitProperties.Author author = commitAuthor.of(task.repository());
    AgentResult result =
        agent.run(
            new AgentRequest(
                task.taskId(),
                workspace.directory(),
                PromptBuilder.build(task, branch, plan),
                plan.timeout(),
                progress -> publisher.publish(progressed(task, progress)),
                plan.limits(),
                new RunContext(
                    List.of(workspace.borrowedObjects()),
                    agentProperties.network().hostsOf(plan.networkPresets()),
                    task.repository().fullName(),
                    plan.setupCommands(),
                    plan.setupTimeout())));
    if (result.outcome() != AgentResult.Outcome.SUCCEEDED) {
      return failed(task, result.failure(), result.message(), result.retryable(), result.report());
    }
    List<String> changed = workspace.changedFiles();
    if (changed.isEmpty() && !result.report().permissionDenials().isEmpty()) {
      return failed(
          task,
          FailureKind.AGENT_PERMISSION_DENIED,
          PermissionDenials.noChangesMessage(result.report().permissionDenials()),
          false,
          result.report());
    }
    if (changed.isEmpty()) {
      return failed(
          task, FailureKind.NO_CHANGES, noChangesMessage(result.report()), false, result.report());
    }
    List<String> leaking = workspace.changedFilesContainingToken();
    if (!leaking.isEmpty()) {
      return failed(
          task,
          FailureKind.AGENT_FAILED,
          "The agent's change contains Kaka's GitHub token"
              + " (in "
              + String.join(", ", leaking)
              + "), so nothing was pushed. Revoke the token if the"
              + " agent could have sent it elsewhere.",
          false,
          result.report());
    }
    String commit = workspace.commitAll(commitMessage.of(task), author.toPersonIdent());
    workspace.push(branch);
    return completed(task, branch, commit, changed, result.report());
  }

  private TaskProgressed progressed(IssueTriggered task, AgentProgress progress) {
    return new TaskProgressed(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.attempt(),
        progress.turns(),
        progress.currentTool(),
        progress.filesTouched(),
        clock.instant());
  }

  private static String noChangesMessage(AgentReport report) {
    String said =
        report.summary().isBlank()
            ? ""
            : " It said:\n\n> " + report.summary().strip().replace("\n", "\n> ");
    return "The agent finished without changing any file." + said;
  }

  private TaskCancelled cancelled(IssueTriggered task, String requester) {
    return new TaskCancelled(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.attempt(),
        requester,
        clock.instant());
  }

  private TaskCompleted completed(
      IssueTriggered task, String branch, String commit, List<String> files, AgentReport report) {
    // the settings go along: the notifier opens the pull request as they say
    return new TaskCompleted(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.trigger().requester(),
        task.attempt(),
        branch,
        plan(task).baseBranch(),
        commit,
        files,
        report,
        clock.instant(),
        task.settings());
  }

  private TaskFailed failed(
      IssueTriggered task,
      FailureKind kind,
      String message,
      boolean retryable,
      AgentReport report) {
    // no retry promised yet: run() says how far the automatic retries go
    return new TaskFailed(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.attempt(),
        kind,
        message,
        retryable,
        task.attempt(),
        report,
        clock.instant());
  }
}
