package dev.kaka.ingress.trigger;

import dev.kaka.common.event.Conversation;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.common.event.TriggerRefused;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a GitHub delivery asks Kaka for something, and builds the event if it does. Pure:
 * it looks at the payload and the repository's settings it is given; reading those settings, the
 * requester's permission ({@link TriggerTrust}) and what needs stored state are left to its callers
 * and to {@link TriggerDispatcher}.
 */
@Component
public class TriggerRules {

  // GitHub's own limits on owner and repository names; anything else is refused before it reaches
  // git
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final String CANCEL = "cancel";
  private static final String FIX_CHECKS = "fix-checks";

  private final TriggerProperties properties;
  private final Clock clock;

  public TriggerRules(TriggerProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /** The decision with the service-wide settings, as for a repository without a settings file. */
  public TriggerDecision evaluate(String event, String deliveryId, JsonNode payload) {
    return evaluate(event, deliveryId, payload, RepositorySettings.NONE);
  }

  /**
   * The decision on a delivery, with the repository's own {@code settings} over the service-wide
   * ones; a task it accepts carries {@code settings.task()}.
   */
  public TriggerDecision evaluate(
      String event, String deliveryId, JsonNode payload, RepositorySettings settings) {
    String repository = payload.path("repository").path("full_name").asString("");
    if (!repository.isEmpty() && !properties.serves(repository)) {
      return new TriggerDecision.Ignored(
          "repository " + repository + " is not served by this Kaka");
    }
    Rules rules = new Rules(withinLimits(settings));
    return switch (event) {
      case "issues" -> issues(deliveryId, payload, rules);
      case "issue_comment" -> commented(deliveryId, payload, payload.path("issue"), false, rules);
      case "pull_request_review_comment" ->
          commented(deliveryId, payload, payload.path("pull_request"), true, rules);
      case "pull_request_review" -> reviewed(deliveryId, payload, rules);
      case "push" -> pushed(payload);
      case "check_suite", "check_run", "workflow_run" ->
          checksCompleted(deliveryId, payload, CheckCompletion.of(event, payload), rules);
      default -> new TriggerDecision.Ignored("event '" + event + "' does not trigger Kaka");
    };
  }

  /**
   * The repository whose settings could change the decision on this delivery, or empty when they
   * cannot: other events and actions, closed issues, bots' comments, repositories this Kaka does
   * not serve and unusable payloads are decided without them, so most deliveries cost no lookup.
   */
  public Optional<RepositoryRef> settingsNeeded(String event, JsonNode payload) {
    String repository = payload.path("repository").path("full_name").asString("");
    if (!properties.serves(repository)) {
      return Optional.empty();
    }
    String action = payload.path("action").asString("");
    boolean candidate =
        switch (event) {
          case "issues" ->
              (action.equals("labeled") || action.equals("assigned"))
                  && !isClosed(payload.path("issue"));
          case "issue_comment" ->
              action.equals("created") && mayCommand(payload, payload.path("issue"));
          case "pull_request_review_comment" ->
              action.equals("created") && mayCommand(payload, payload.path("pull_request"));
          case "pull_request_review" ->
              action.equals("submitted")
                  && !properties.isBot(
                      payload.path("review").path("user").path("login").asString(""))
                  && !isClosed(payload.path("pull_request"));
          case "check_suite", "check_run", "workflow_run" ->
              CheckCompletion.of(event, payload).failedOnPullRequest();
          default -> false;
        };
    return candidate ? repositoryOf(payload).repository() : Optional.empty();
  }

  // other bots' commands are refused, by what their repository calls a command
  private boolean mayCommand(JsonNode payload, JsonNode subject) {
    JsonNode author = payload.path("comment").path("user");
    return !properties.isBot(author.path("login").asString("")) && !isClosed(subject);
  }

  private TriggerDecision issues(String deliveryId, JsonNode payload, Rules rules) {
    String action = payload.path("action").asString("");
    if (action.equals("labeled")) {
      String label = payload.path("label").path("name").asString("");
      if (!label.equalsIgnoreCase(rules.label)) {
        return new TriggerDecision.Ignored("label '" + label + "' is not the trigger label");
      }
      return onOpenIssue(deliveryId, payload, TriggerKind.LABEL, rules);
    }
    if (action.equals("assigned")) {
      String assignee = payload.path("assignee").path("login").asString("");
      if (rules.botLogin.isBlank() || !rules.botLogin.equalsIgnoreCase(assignee)) {
        return new TriggerDecision.Ignored("the issue was not assigned to Kaka");
      }
      return onOpenIssue(deliveryId, payload, TriggerKind.ASSIGNMENT, rules);
    }
    return new TriggerDecision.Ignored("issues action '" + action + "' does not trigger Kaka");
  }

  // Triage access suffices to label or assign, and an issue template labels as the stranger who
  // opened the issue: whoever did it is trusted only by their permission (TriggerTrust).
  private TriggerDecision onOpenIssue(
      String deliveryId, JsonNode payload, TriggerKind kind, Rules rules) {
    if (isClosed(payload.path("issue"))) {
      return new TriggerDecision.Ignored("the issue is closed");
    }
    JsonNode sender = payload.path("sender");
    String requester = sender.path("login").asString("");
    if (rules.isBot(requester)) {
      return new TriggerDecision.Ignored("Kaka's own changes never trigger it");
    }
    if (isUnlistedBot(sender)) {
      return refuse(deliveryId, payload, payload.path("issue"), requester, botRefusal(requester));
    }
    return accept(
        deliveryId,
        payload,
        payload.path("issue"),
        new Trigger(kind, requester, "", userId(sender)),
        rules);
  }

  /**
   * A bot acts for whoever set it up, so it may start Kaka only when the operator says so. Check
   * suites and workflow runs on Kaka's own pull requests are not a person's trigger: when they
   * start work, this rule does not apply to them.
   */
  private boolean isUnlistedBot(JsonNode account) {
    String login = account.path("login").asString("");
    return TriggerProperties.isBotAccount(account.path("type").asString(""), login)
        && !properties.allowsBot(login);
  }

  /**
   * The account's GitHub user id, which names it in commits' co-author trailers; null if absent or
   * not a user id.
   */
  private static Long userId(JsonNode account) {
    return idOf(account);
  }

  /** A payload object's GitHub id; null if absent or not an id. */
  private static Long idOf(JsonNode object) {
    JsonNode id = object.path("id");
    return id.isIntegralNumber() && id.canConvertToLong() && id.asLong() > 0 ? id.asLong() : null;
  }

  /** The comment's GitHub id, with which a worker reads its images; null if absent. */
  private static Long commentId(JsonNode comment) {
    return idOf(comment);
  }

  private static String botRefusal(String login) {
    return "@"
        + login
        + " is a bot, and bots start Kaka only when its operator lists them in "
        + "`kaka.trigger.allowed-bots`";
  }

  private TriggerDecision commented(
      String deliveryId, JsonNode payload, JsonNode subject, boolean review, Rules rules) {
    String action = payload.path("action").asString("");
    if (!action.equals("created")) {
      return new TriggerDecision.Ignored("comment action '" + action + "' does not trigger Kaka");
    }
    JsonNode comment = payload.path("comment");
    String instructions =
        instructionsAfterCommand(comment.path("body").asString(""), rules.command);
    if (instructions == null) {
      return new TriggerDecision.Ignored("the comment does not start with " + rules.command);
    }
    JsonNode reviewId = comment.path("pull_request_review_id");
    if (review && reviewId.isIntegralNumber() && !isOtherCommand(instructions)) {
      // GitHub delivers the review too, whose comments are one request (see reviewed)
      return new TriggerDecision.Ignored(
          "the comment is part of review " + reviewId.asLong() + ", which Kaka takes as a whole");
    }
    JsonNode author = comment.path("user");
    String requester = author.path("login").asString("");
    if (rules.isBot(requester)) {
      return new TriggerDecision.Ignored("Kaka's own comments never trigger it");
    }
    if (isClosed(subject)) {
      return new TriggerDecision.Ignored("the issue is closed");
    }
    if (isUnlistedBot(author)) {
      return refuse(deliveryId, payload, subject, requester, botRefusal(requester));
    }
    String association = comment.path("author_association").asString("NONE");
    if (!rules.associations.contains(association.toUpperCase(Locale.ROOT))) {
      return refuse(
          deliveryId,
          payload,
          subject,
          requester,
          associationRefusal(rules, requester, association));
    }
    boolean onPullRequest = review || subject.has("pull_request");
    if (instructions.equalsIgnoreCase(CANCEL)) {
      return cancel(deliveryId, payload, subject, requester);
    }
    if (!onPullRequest) {
      return accept(
          deliveryId,
          payload,
          subject,
          new Trigger(
              TriggerKind.COMMENT, requester, instructions, userId(author), commentId(comment)),
          rules);
    }
    if (instructions.equalsIgnoreCase(FIX_CHECKS)) {
      return followUp(
          accept(
              deliveryId,
              payload,
              subject,
              new Trigger(
                  TriggerKind.FIX_CHECKS, requester, "", userId(author), commentId(comment)),
              rules));
    }
    String where =
        review
            ? "On `"
                + comment.path("path").asString("")
                + "` line "
                + comment.path("line").asInt(comment.path("original_line").asInt(0))
                + ": "
            : "";
    Trigger trigger =
        new Trigger(
            review ? TriggerKind.REVIEW_COMMENT : TriggerKind.PR_COMMENT,
            requester,
            where + instructions,
            userId(author),
            commentId(comment));
    return followUp(accept(deliveryId, payload, subject, trigger, rules));
  }

  /** An accepted trigger on a pull request, as a follow-up of the pull request. */
  private static TriggerDecision followUp(TriggerDecision decision) {
    if (decision instanceof TriggerDecision.Accepted accepted) {
      return new TriggerDecision.FollowUp(accepted.event(), accepted.event().issue().number());
    }
    return decision;
  }

  /**
   * A check that failed on a pull request's head; whether the pull request is Kaka's, and what to
   * do, is the dispatcher's to look up.
   */
  private static TriggerDecision checksCompleted(
      String deliveryId, JsonNode payload, CheckCompletion completion, Rules rules) {
    if (!completion.failedOnPullRequest()) {
      return new TriggerDecision.Ignored(completion.whyNot());
    }
    Parsed<RepositoryRef> repository = repositoryOf(payload);
    if (repository.problem != null) {
      return new TriggerDecision.Rejected(repository.problem);
    }
    return new TriggerDecision.ChecksFailed(
        deliveryId,
        repository.value,
        completion.pullRequestNumber(),
        completion.headSha(),
        completion.name(),
        payload.path("sender").path("login").asString(""),
        rules.task);
  }

  /** A push to the default branch may change the settings file; other pushes do not matter. */
  private static TriggerDecision pushed(JsonNode payload) {
    Parsed<RepositoryRef> repository = repositoryOf(payload);
    if (repository.problem != null) {
      return new TriggerDecision.Rejected(repository.problem);
    }
    String ref = payload.path("ref").asString("");
    if (!ref.equals("refs/heads/" + repository.value.defaultBranch())) {
      return new TriggerDecision.Ignored(
          "a push to " + (ref.isEmpty() ? "no ref" : ref) + " does not trigger Kaka");
    }
    return new TriggerDecision.DefaultBranchPushed(repository.value);
  }

  /**
   * A review submitted on a pull request: whether it addresses Kaka, in its text or in any of its
   * comments, is known once its comments are read, so the decision waits for them. Its comments
   * then become one follow-up task, with the review's text as the reviewer's instructions.
   */
  private TriggerDecision reviewed(String deliveryId, JsonNode payload, Rules rules) {
    String action = payload.path("action").asString("");
    if (!action.equals("submitted")) {
      return new TriggerDecision.Ignored("review action '" + action + "' does not trigger Kaka");
    }
    JsonNode review = payload.path("review");
    JsonNode pull = payload.path("pull_request");
    JsonNode author = review.path("user");
    String reviewer = author.path("login").asString("");
    if (rules.isBot(reviewer)) {
      return new TriggerDecision.Ignored("Kaka's own reviews never trigger it");
    }
    if (isClosed(pull)) {
      return new TriggerDecision.Ignored("the pull request is closed");
    }
    Long reviewId = idOf(review);
    if (reviewId == null) {
      return new TriggerDecision.Rejected("the review's id is missing");
    }
    String text = review.path("body").asString("");
    Optional<String> asked = workAskedFor(text, rules.command);
    Trigger trigger =
        new Trigger(TriggerKind.REVIEW, reviewer, asked.orElse(text.strip()), userId(author));
    TriggerDecision task = followUp(accept(deliveryId, payload, pull, trigger, rules));
    if (!(task instanceof TriggerDecision.FollowUp followUp)) {
      return task;
    }
    return new TriggerDecision.ReviewSubmitted(
        followUp,
        reviewId,
        rules.command,
        asked.isPresent(),
        reviewerRefusal(deliveryId, payload, rules));
  }

  /**
   * Why the reviewer may not start Kaka, as far as the payload says (a bot, an association the
   * repository does not allow); null when nothing there stops them. Told only if the review
   * addresses Kaka.
   */
  private TriggerDecision.Refused reviewerRefusal(
      String deliveryId, JsonNode payload, Rules rules) {
    JsonNode review = payload.path("review");
    JsonNode author = review.path("user");
    String reviewer = author.path("login").asString("");
    String association = review.path("author_association").asString("NONE");
    String reason = null;
    if (isUnlistedBot(author)) {
      reason = botRefusal(reviewer);
    } else if (!rules.associations.contains(association.toUpperCase(Locale.ROOT))) {
      reason = associationRefusal(rules, reviewer, association);
    }
    if (reason == null) {
      return null;
    }
    // the payload passed for the follow-up already, so it makes a refusal too
    return (TriggerDecision.Refused)
        refuse(deliveryId, payload, payload.path("pull_request"), reviewer, reason);
  }

  private static String associationRefusal(Rules rules, String requester, String association) {
    return "only the repository's "
        + Associations.describe(rules.associations)
        + " can start Kaka, and @"
        + requester
        + " is "
        + describe(association);
  }

  /**
   * What a comment or a review asks Kaka to do: the text after {@code command}; empty when the text
   * does not start with it, or names one of the commands that are not work on the pull request
   * ({@code cancel}, {@code fix-checks}), which a comment gives on its own.
   */
  public static Optional<String> workAskedFor(String body, String command) {
    String instructions = instructionsAfterCommand(body, command);
    return instructions == null || isOtherCommand(instructions)
        ? Optional.empty()
        : Optional.of(instructions);
  }

  private static boolean isOtherCommand(String instructions) {
    return instructions.equalsIgnoreCase(CANCEL) || instructions.equalsIgnoreCase(FIX_CHECKS);
  }

  /** The text after the command, or null when the comment is not a command. */
  private static String instructionsAfterCommand(String body, String command) {
    String trimmed = body.strip();
    if (!trimmed.regionMatches(true, 0, command, 0, command.length())) {
      return null;
    }
    String rest = trimmed.substring(command.length());
    if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
      return null;
    }
    return rest.strip();
  }

  private static boolean isClosed(JsonNode subject) {
    return subject.path("state").asString("open").equals("closed");
  }

  /** Who the association is, after "@login is". */
  private static String describe(String association) {
    return switch (association.toUpperCase(Locale.ROOT)) {
      case "CONTRIBUTOR" -> "a past contributor";
      case "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER" -> "a first-time contributor";
      default -> "not a collaborator";
    };
  }

  private TriggerDecision accept(
      String deliveryId, JsonNode payload, JsonNode subject, Trigger trigger, Rules rules) {
    Subject parsed = parse(payload, subject, trigger.requester());
    if (parsed.problem != null) {
      return new TriggerDecision.Rejected(parsed.problem);
    }
    IssueTriggered event =
        new IssueTriggered(
            TaskEvent.SCHEMA_VERSION,
            taskIdFor(deliveryId),
            deliveryId,
            parsed.repository,
            parsed.issue,
            subject.path("body").asString(""),
            trigger,
            1,
            clock.instant(),
            null,
            rules.task);
    // a label's or an assignment's payload counts the comments under the issue (a comment's may
    // not count itself yet): with none, GitHub need not be asked for them
    boolean uncommented =
        (trigger.kind() == TriggerKind.LABEL || trigger.kind() == TriggerKind.ASSIGNMENT)
            && subject.path("comments").asInt(-1) == 0;
    return new TriggerDecision.Accepted(
        uncommented ? event.withConversation(Conversation.ofNone()) : event);
  }

  private TriggerDecision cancel(
      String deliveryId, JsonNode payload, JsonNode subject, String requester) {
    Subject parsed = parse(payload, subject, requester);
    if (parsed.problem != null) {
      return new TriggerDecision.Rejected(parsed.problem);
    }
    return new TriggerDecision.Cancel(deliveryId, parsed.repository, parsed.issue, requester);
  }

  private TriggerDecision refuse(
      String deliveryId, JsonNode payload, JsonNode subject, String requester, String reason) {
    Subject parsed = parse(payload, subject, requester);
    if (parsed.problem != null) {
      return new TriggerDecision.Rejected(parsed.problem);
    }
    return new TriggerDecision.Refused(
        new TriggerRefused(
            TaskEvent.SCHEMA_VERSION,
            taskIdFor(deliveryId),
            deliveryId,
            parsed.repository,
            parsed.issue,
            1,
            requester,
            reason,
            clock.instant()));
  }

  /** The repository and the issue (or pull request) a payload is about, checked for use. */
  private static Subject parse(JsonNode payload, JsonNode subject, String requester) {
    Parsed<RepositoryRef> repository = repositoryOf(payload);
    if (repository.problem != null) {
      return Subject.problem(repository.problem);
    }
    int number = subject.path("number").asInt(0);
    if (number <= 0) {
      return Subject.problem("the issue number is missing");
    }
    Optional<String> problem = PayloadChecks.loginProblem(requester);
    if (problem.isPresent()) {
      return Subject.problem(problem.get());
    }
    return new Subject(
        repository.value,
        new IssueRef(
            number, subject.path("title").asString(""), subject.path("html_url").asString("")),
        null);
  }

  /** The repository a payload is about, checked for use by git and the GitHub API. */
  private static Parsed<RepositoryRef> repositoryOf(JsonNode payload) {
    JsonNode repository = payload.path("repository");
    String owner = repository.path("owner").path("login").asString("");
    String name = repository.path("name").asString("");
    if (!isValidName(owner) || !isValidName(name)) {
      return Parsed.problem("the repository name is missing or not a GitHub name");
    }
    // the serving check and the per-repository secrets go by full_name, the task by owner and name
    if (!repository.path("full_name").asString("").equalsIgnoreCase(owner + "/" + name)) {
      return Parsed.problem("the repository's full_name does not match its owner and name");
    }
    String cloneUrl = repository.path("clone_url").asString("");
    String defaultBranch = repository.path("default_branch").asString("main");
    Optional<String> problem =
        PayloadChecks.cloneUrlProblem(cloneUrl)
            .or(() -> PayloadChecks.cloneUrlRepositoryProblem(cloneUrl, owner, name))
            .or(() -> PayloadChecks.branchProblem(defaultBranch));
    return problem
        .<Parsed<RepositoryRef>>map(Parsed::problem)
        .orElseGet(
            () -> new Parsed<>(new RepositoryRef(owner, name, cloneUrl, defaultBranch), null));
  }

  private record Parsed<T>(T value, String problem) {
    static <T> Parsed<T> problem(String problem) {
      return new Parsed<>(null, problem);
    }

    Optional<T> repository() {
      return Optional.ofNullable(value);
    }
  }

  private record Subject(RepositoryRef repository, IssueRef issue, String problem) {
    static Subject problem(String problem) {
      return new Subject(null, null, problem);
    }
  }

  /**
   * The settings, unless the file lowers the permission Kaka asks for: then it is invalid, like a
   * file with any other problem, and sets nothing.
   */
  private RepositorySettings withinLimits(RepositorySettings settings) {
    Permission own = settings.trigger().minPermission();
    if (own == null || own.atLeast(properties.minPermission())) {
      return settings;
    }
    return new RepositorySettings(
        RepositorySettings.Trigger.NONE,
        TaskSettings.invalid(
            "`"
                + TaskSettings.FILE
                + "`: `trigger.min-permission` may only raise Kaka's minimum, `"
                + properties.minPermission()
                + "`, got `"
                + own
                + "`"));
  }

  /** The service-wide trigger settings with the repository's own over them. */
  private final class Rules {

    final String label;
    final String command;
    final String botLogin;
    final Set<String> associations;
    final TaskSettings task;

    Rules(RepositorySettings settings) {
      RepositorySettings.Trigger own = settings.trigger();
      label = own.label() != null ? own.label() : properties.label();
      command = own.command() != null ? own.command() : properties.command();
      botLogin = own.botLogin() != null ? own.botLogin() : properties.botLogin();
      associations =
          own.allowedAssociations() != null
              ? narrowed(own.allowedAssociations())
              : properties.allowedAssociations();
      task = settings.task();
    }

    /** A repository may narrow who uses the command, never widen it. */
    private Set<String> narrowed(Set<String> own) {
      Set<String> both = new HashSet<>(own);
      both.retainAll(properties.allowedAssociations());
      return both;
    }

    /** Kaka's own account, by the service's login or the repository's: it never triggers itself. */
    boolean isBot(String login) {
      return properties.isBot(login) || (!botLogin.isBlank() && botLogin.equalsIgnoreCase(login));
    }
  }

  private static boolean isValidName(String name) {
    return NAME.matcher(name).matches()
        && !name.startsWith(".")
        && !name.startsWith("-")
        && !name.contains("..");
  }

  /**
   * The same delivery always gets the same task id, so a redelivered webhook names the same task.
   */
  static String taskIdFor(String deliveryId) {
    return UUID.nameUUIDFromBytes(
            ("github-delivery:" + deliveryId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
