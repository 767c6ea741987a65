package dev.kaka.worker.task;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.support.dashboard.DashboardProperties;
import dev.kaka.support.github.GitHubAppException;
import dev.kaka.worker.agent.Agent;
import dev.kaka.worker.agent.AgentProperties;
import dev.kaka.worker.agent.AgentRequest;
import dev.kaka.worker.agent.AgentResult;
import dev.kaka.worker.agent.sandbox.RunContext;
import dev.kaka.worker.attachment.ImageAttachments;
import dev.kaka.worker.attachment.IssueImages;
import dev.kaka.worker.checks.CheckReport;
import dev.kaka.worker.checks.FailingChecks;
import dev.kaka.worker.git.ChangeRefusedException;
import dev.kaka.worker.git.CommitAuthor;
import dev.kaka.worker.git.GitOperationException;
import dev.kaka.worker.git.GitProperties;
import dev.kaka.worker.git.GitWorkspaces;
import dev.kaka.worker.git.NoreplyAddresses;
import dev.kaka.worker.git.Workspace;
import dev.kaka.worker.session.Recall;
import dev.kaka.worker.session.SessionMemory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Component;

/**
 * Carries one task from trigger to outcome, stage by stage. Each stage that can end the task names
 * the failure kinds it ends it with, so the kind a task failed with tells which stage stopped it:
 *
 * <ol>
 *   <li>trigger age: {@code STALE_TRIGGER}; a cancellation that came first ends it as cancelled
 *   <li>plan, from the repository's settings: {@code INVALID_REQUEST}
 *   <li>for a fix of a pull request's failing checks, the checks on its head: {@code
 *       NOTHING_TO_FIX}, {@code GITHUB_FAILED}
 *   <li>checkout of the workspace, with the commit's author: {@code GIT_FAILED}, {@code
 *       GITHUB_FAILED}; a change an earlier delivery pushed completes the task here
 *   <li>the agent's run, in its sandbox after the repository's set-up, resuming the session of the
 *       last run on its pull request where there is one: {@code SANDBOX_UNAVAILABLE}, {@code
 *       SETUP_FAILED}, {@code AGENT_*}
 *   <li>review of its change: {@code NO_CHANGES}, {@code AGENT_PERMISSION_DENIED}, {@code
 *       AGENT_FAILED} for a leaked token
 *   <li>commit: {@code CHANGE_REFUSED}, {@code GIT_FAILED}
 *   <li>push: {@code GIT_FAILED}, {@code GITHUB_FAILED}; then the agent's session is kept for the
 *       next run on the branch
 *   <li>report: the outcome is published
 * </ol>
 *
 * <p>Every way it can end becomes a published {@link TaskCompleted}, {@link TaskFailed} or {@link
 * TaskCancelled}; none leaves the task hanging. What Kaka itself gets wrong is {@code
 * INTERNAL_ERROR}.
 */
@Component
class TaskRunner {

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final GitWorkspaces workspaces;
  private final Agent agent;
  private final AgentProperties agentProperties;
  private final GitProperties gitProperties;
  private final TaskEventPublisher publisher;
  private final CommitAuthor commitAuthor;
  private final CommitMessage commitMessage;
  private final TaskEvents events;
  private final TriggerAge triggerAge;
  private final CancellableAttempt cancellable;
  private final ImageAttachments images;
  private final FailingChecks failingChecks;
  private final SessionMemory memory;

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
      DashboardProperties dashboard,
      ImageAttachments images,
      FailingChecks failingChecks,
      SessionMemory memory,
      Clock clock) {
    this.workspaces = workspaces;
    this.agent = agent;
    this.agentProperties = agentProperties;
    this.gitProperties = gitProperties;
    this.publisher = publisher;
    this.commitAuthor = commitAuthor;
    this.commitMessage = new CommitMessage(noreply, dashboard);
    this.events = new TaskEvents(worker.name(), clock);
    this.triggerAge = new TriggerAge(worker.maxTriggerAge(), clock);
    this.cancellable = new CancellableAttempt(cancellations, events);
    this.images = images;
    this.failingChecks = failingChecks;
    this.memory = memory;
  }

  /**
   * Runs {@code task} and returns its published outcome; a failure says that the worker's automatic
   * retries go up to attempt {@code maxAttempts}.
   *
   * @throws TaskAbandonedException when the worker's shutdown stopped the task: nothing is
   *     published, and the trigger is to stay uncommitted
   */
  RunEvent run(IssueTriggered task, int maxAttempts) {
    Optional<String> stale = triggerAge.staleness(task);
    if (stale.isPresent()) {
      return notRun(task, FailureKind.STALE_TRIGGER, stale.get(), Level.WARN);
    }
    Optional<TaskCancelled> cancelled = cancellable.cancelledBeforeStart(task);
    if (cancelled.isPresent()) {
      return published(cancelled.get());
    }
    RunPlan.Planned planned = RunPlan.of(task, agentProperties, gitProperties.branchPrefix());
    if (planned.problem() != null) {
      // the repository's settings file is wrong: running again changes nothing until it is fixed
      return notRun(task, FailureKind.INVALID_REQUEST, planned.problem(), Level.INFO);
    }
    CheckReport checks;
    try {
      checks = checksOf(task);
    } catch (StageFailure unread) {
      return report(events.failed(task, unread), maxAttempts);
    }
    if (checks.nothingToFix() != null) {
      return notRun(task, FailureKind.NOTHING_TO_FIX, checks.nothingToFix(), Level.INFO);
    }
    TaskRun run = TaskRun.of(task, planned.plan(), checks);
    publisher.publish(events.started(run));
    return report(cancellable.run(task, () -> attempt(run)), maxAttempts);
  }

  /** The failed checks a fix is for, read before it starts; none for other tasks. */
  private CheckReport checksOf(IssueTriggered task) {
    try {
      return failingChecks.of(task);
    } catch (IOException | GitHubAppException e) {
      throw new StageFailure(
          FailureKind.GITHUB_FAILED,
          "GitHub did not serve the pull request's checks (" + e.getMessage() + ")",
          true,
          AgentReport.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskAbandonedException(task.taskId(), task.attempt());
    }
  }

  private TaskFailed notRun(IssueTriggered task, FailureKind kind, String reason, Level level) {
    TaskFailed notRun = published(events.notRun(task, kind, reason));
    log.atLevel(level)
        .log("Task {} for {} not run: {}", task.taskId(), task.partitionKey(), reason);
    return notRun;
  }

  /** Checks out the workspace, then runs the task in it unless an earlier delivery pushed it. */
  private RunEvent attempt(TaskRun run) {
    try (Workspace workspace = checkOut(run)) {
      Optional<String> pushed = workspace.existingTaskCommit(run.taskId());
      return pushed.isPresent()
          ? alreadyPushed(run, workspace, pushed.get())
          : changeAndPush(run, workspace);
    } catch (StageFailure e) {
      return events.failed(run.task(), e);
    } catch (ChangeRefusedException e) {
      return events.failed(run.task(), StageFailure.of(e));
    } catch (GitOperationException e) {
      return events.failed(run.task(), StageFailure.of(e));
    } catch (GitHubAppException e) {
      return events.failed(run.task(), StageFailure.of(e));
    } catch (RuntimeException e) {
      log.error("Task {} failed inside the worker", run.taskId(), e);
      return events.failed(run.task(), StageFailure.internal(e));
    }
  }

  private Workspace checkOut(TaskRun run) {
    return run.task().pullRequest() != null
        ? workspaces.continueBranch(run.task().repository(), run.branch(), run.plan().baseBranch())
        : workspaces.create(run.task().repository(), run.branch(), run.plan().baseBranch());
  }

  private TaskCompleted alreadyPushed(TaskRun run, Workspace workspace, String commit) {
    log.info("Task {} was already pushed as {}; not running the agent again", run.taskId(), commit);
    return events.completed(run, commit, workspace.changedFilesOf(commit), AgentReport.empty());
  }

  private TaskCompleted changeAndPush(TaskRun run, Workspace workspace) {
    // the author first: an App that cannot name it fails the task before the agent runs
    GitProperties.Author author = commitAuthor.of(run.task().repository());
    AgentRun ran = runAgent(run, workspace);
    AgentReport report = ran.result().report().withMemory(ran.recall().reportNote());
    List<String> changed = review(workspace, report);
    String commit = workspace.commitAll(commitMessage.of(run.task()), author.toPersonIdent());
    workspace.push(run.branch());
    // kept once pushed, so that the session the next run resumes is that of the branch's head
    memory.keep(run.task(), run.branch(), ran.result().session());
    return events.completed(run, commit, changed, report);
  }

  /** The agent's successful run, and the session it started from. */
  private record AgentRun(Recall recall, AgentResult result) {}

  /**
   * Sets up the sandbox and runs the repository's set-up in it, then the agent, continuing the
   * session of the last run on the pull request; when that session cannot be resumed, the agent
   * runs again in the same workspace with a new one.
   */
  private AgentRun runAgent(TaskRun run, Workspace workspace) {
    Recall recall = memory.recall(run.task(), run.branch());
    AgentResult result;
    // the images are the agent's to read while it runs, and go with it
    try (IssueImages attached = images.of(run.task())) {
      result = agent.run(agentRequest(run, workspace, attached, recall));
      if (result.sessionRefused()) {
        log.info("Task {} runs the agent again, with a new session", run.taskId());
        recall = recall.refused();
        result = agent.run(agentRequest(run, workspace, attached, recall));
      }
    }
    if (result.outcome() != AgentResult.Outcome.SUCCEEDED) {
      throw StageFailure.of(result);
    }
    return new AgentRun(recall, result);
  }

  private AgentRequest agentRequest(
      TaskRun run, Workspace workspace, IssueImages attached, Recall recall) {
    IssueTriggered task = run.task();
    RunPlan plan = run.plan();
    List<Path> readable = new ArrayList<>(List.of(workspace.borrowedObjects()));
    readable.addAll(attached.readablePaths());
    return new AgentRequest(
        task.taskId(),
        workspace.directory(),
        PromptBuilder.withImages(run.prompt(), attached) + recall.promptNote(),
        plan.timeout(),
        progress -> publisher.publish(events.progressed(task, progress)),
        plan.limits(),
        new RunContext(
            readable,
            agentProperties.network().hostsOf(plan.networkPresets()),
            task.repository().fullName(),
            plan.setupCommands(),
            plan.setupTimeout()),
        recall.plan());
  }

  private static List<String> review(Workspace workspace, AgentReport report) {
    List<String> changed = ChangeReview.requireChanges(workspace.changedFiles(), report);
    ChangeReview.refuseLeakedToken(workspace.changedFilesContainingToken(), report);
    return changed;
  }

  /** Publishes the outcome, a failure with how far the automatic retries go. */
  private RunEvent report(RunEvent outcome, int maxAttempts) {
    RunEvent reported =
        published(
            outcome instanceof TaskFailed failed ? failed.withMaxAttempts(maxAttempts) : outcome);
    log.info(
        "Task {} for {} ended with {}{}",
        reported.taskId(),
        reported.partitionKey(),
        reported.getClass().getSimpleName(),
        reported instanceof TaskFailed failed
            ? " " + failed.failure() + ": " + failed.message()
            : "");
    return reported;
  }

  private <E extends RunEvent> E published(E event) {
    publisher.publish(event);
    return event;
  }
}
