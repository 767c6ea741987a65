package dev.kaka.ingress.trigger;

import dev.kaka.common.event.ChecksFailed;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.TaskDocument;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What Kaka does about failing checks on its pull requests: one fix task per head commit while the
 * pull request has fixes left and the repository lets Kaka fix by itself ({@code
 * pull-request.fix-failing-checks}); otherwise one comment per head naming the failed checks, which
 * offers {@code /kaka fix-checks} or, once the fixes are used up, leaves them to people. Fixes are
 * counted per pull request, apart from a task's retries, and a {@code /kaka fix-checks} counts too.
 */
@Component
class CheckFixes {

  private final ActiveTasks tasks;
  private final FailedHeads heads;
  private final TriggerPublisher publisher;
  private final Clock clock;

  CheckFixes(ActiveTasks tasks, FailedHeads heads, TriggerPublisher publisher, Clock clock) {
    this.tasks = tasks;
    this.heads = heads;
    this.publisher = publisher;
    this.clock = clock;
  }

  Mono<Dispatched> dispatch(TriggerDecision.ChecksFailed failed) {
    String repository = failed.repository().fullName();
    return tasks
        .onPullRequest(repository, failed.pullRequestNumber())
        .flatMap(
            opened ->
                tasks
                    .fixesOf(repository, failed.pullRequestNumber())
                    .flatMap(fixes -> act(failed, opened, fixes.intValue())))
        .switchIfEmpty(
            Mono.fromSupplier(
                () ->
                    Dispatched.ignored(
                        "pull request #"
                            + failed.pullRequestNumber()
                            + " was not opened by Kaka")));
  }

  /**
   * The pull request's follow-up {@code followUp} asked by {@code /kaka fix-checks}, as the next
   * fix of the head the worker finds, unless the fixes are used up.
   */
  Mono<IssueTriggered> asked(IssueTriggered followUp, String branch) {
    int allowed = settingsOf(followUp.settings()).fixAttemptsAllowed();
    int number = followUp.issue().number();
    return tasks
        .fixesOf(followUp.repository().fullName(), number)
        .filter(fixes -> fixes < allowed)
        .map(
            fixes ->
                followUp.withPullRequest(
                    new PullRequestRef(
                        number,
                        branch,
                        followUp.issue().url(),
                        new PullRequestRef.CheckFix(null, fixes.intValue() + 1, allowed))));
  }

  private Mono<Dispatched> act(
      TriggerDecision.ChecksFailed failed, TaskDocument opened, int fixes) {
    String key = headKey(failed);
    TaskSettings.PullRequest settings = settingsOf(failed.settings());
    boolean fixing = settings.fixesFailingChecks() && fixes < settings.fixAttemptsAllowed();
    return heads
        .failed(key, failed.check())
        .flatMap(
            head -> {
              if (!fixing) {
                return tell(failed, opened, head, fixes);
              }
              if (!head.first()) {
                return Mono.just(
                    Dispatched.ignored(
                        "a fix of the checks of " + failed.headSha() + " is under way already"));
              }
              return fix(failed, opened, fixes + 1)
                  .onErrorResume(unqueued -> heads.forget(key).then(Mono.error(unqueued)));
            });
  }

  private Mono<Dispatched> fix(TriggerDecision.ChecksFailed failed, TaskDocument opened, int fix) {
    TaskSettings.PullRequest settings = settingsOf(failed.settings());
    IssueRef pull = pullRequestOf(failed, opened);
    IssueTriggered task =
        new IssueTriggered(
            TaskEvent.SCHEMA_VERSION,
            idOf(headKey(failed)),
            failed.deliveryId(),
            failed.repository(),
            pull,
            "",
            new Trigger(TriggerKind.FIX_CHECKS, requesterOf(failed), ""),
            1,
            clock.instant(),
            new PullRequestRef(
                pull.number(),
                opened.branch(),
                pull.url(),
                new PullRequestRef.CheckFix(failed.headSha(), fix, settings.fixAttemptsAllowed())),
            failed.settings());
    return publisher
        .publish(task)
        .thenReturn(new Dispatched(Dispatched.Outcome.QUEUED, task.taskId(), null));
  }

  private Mono<Dispatched> tell(
      TriggerDecision.ChecksFailed failed, TaskDocument opened, FailedHeads.Head head, int fixes) {
    int allowed = settingsOf(failed.settings()).fixAttemptsAllowed();
    ChecksFailed notice =
        new ChecksFailed(
            TaskEvent.SCHEMA_VERSION,
            idOf(headKey(failed)),
            failed.deliveryId(),
            failed.repository(),
            pullRequestOf(failed, opened),
            1,
            failed.headSha(),
            head.checks(),
            fixes,
            allowed,
            fixes >= allowed,
            clock.instant());
    return publisher
        .publish(notice)
        .thenReturn(
            Dispatched.ignored(
                fixes >= allowed
                    ? "the pull request's fixes are used up; the failed checks are reported"
                    : "Kaka does not fix checks by itself here; the pull request is told"));
  }

  private static IssueRef pullRequestOf(TriggerDecision.ChecksFailed failed, TaskDocument opened) {
    String url = opened.pullRequestUrl() == null ? "" : opened.pullRequestUrl();
    String title = opened.issueTitle() == null ? "" : opened.issueTitle();
    return new IssueRef(failed.pullRequestNumber(), title, url);
  }

  private static String requesterOf(TriggerDecision.ChecksFailed failed) {
    return PayloadChecks.loginProblem(failed.sender()).isEmpty() ? failed.sender() : "github";
  }

  /** The repository's settings on pull requests; never null. */
  private static TaskSettings.PullRequest settingsOf(TaskSettings settings) {
    return settings == null
        ? new TaskSettings.PullRequest(null, null, null, null)
        : settings.pullRequestOrEmpty();
  }

  private static String headKey(TriggerDecision.ChecksFailed failed) {
    return failed.repository().fullName()
        + "#"
        + failed.pullRequestNumber()
        + "@"
        + failed.headSha();
  }

  /** The same head always names the same task, so redelivered failures name it too. */
  private static String idOf(String headKey) {
    return UUID.nameUUIDFromBytes(("checks:" + headKey).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
