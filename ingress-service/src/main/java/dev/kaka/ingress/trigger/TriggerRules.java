package dev.kaka.ingress.trigger;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Decides whether a GitHub delivery asks Kaka for a task, and builds the event if it does. */
@Component
public class TriggerRules {

  // GitHub's own limits on owner and repository names; anything else is refused before it reaches git
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  private final TriggerProperties properties;
  private final Clock clock;

  public TriggerRules(TriggerProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  public TriggerDecision evaluate(String event, String deliveryId, JsonNode payload) {
    return switch (event) {
      case "issues" -> labeled(deliveryId, payload);
      case "issue_comment" -> commented(deliveryId, payload);
      default -> new TriggerDecision.Ignored("event '" + event + "' does not trigger Kaka");
    };
  }

  private TriggerDecision labeled(String deliveryId, JsonNode payload) {
    String action = payload.path("action").asString("");
    if (!action.equals("labeled")) {
      return new TriggerDecision.Ignored("issues action '" + action + "' does not trigger Kaka");
    }
    String label = payload.path("label").path("name").asString("");
    if (!label.equalsIgnoreCase(properties.label())) {
      return new TriggerDecision.Ignored("label '" + label + "' is not the trigger label");
    }
    if (isClosed(payload)) {
      return new TriggerDecision.Ignored("the issue is closed");
    }
    String requester = payload.path("sender").path("login").asString("");
    return accept(deliveryId, payload, new Trigger(TriggerKind.LABEL, requester, ""));
  }

  private TriggerDecision commented(String deliveryId, JsonNode payload) {
    String action = payload.path("action").asString("");
    if (!action.equals("created")) {
      return new TriggerDecision.Ignored("issue_comment action '" + action + "' does not trigger Kaka");
    }
    JsonNode comment = payload.path("comment");
    String instructions = instructionsAfterCommand(comment.path("body").asString(""));
    if (instructions == null) {
      return new TriggerDecision.Ignored("the comment does not start with " + properties.command());
    }
    if (payload.path("issue").has("pull_request")) {
      return new TriggerDecision.Ignored("commands on pull requests are not supported yet");
    }
    if (comment.path("user").path("type").asString("").equals("Bot")) {
      return new TriggerDecision.Ignored("comments by bots never trigger Kaka");
    }
    String association = comment.path("author_association").asString("NONE");
    if (!properties.allowedAssociations().contains(association.toUpperCase(Locale.ROOT))) {
      return new TriggerDecision.Ignored(
          "commenter's association " + association + " is not allowed to trigger Kaka");
    }
    if (isClosed(payload)) {
      return new TriggerDecision.Ignored("the issue is closed");
    }
    String requester = comment.path("user").path("login").asString("");
    return accept(deliveryId, payload, new Trigger(TriggerKind.COMMENT, requester, instructions));
  }

  /** The text after the command, or null when the comment is not a command. */
  private String instructionsAfterCommand(String body) {
    String trimmed = body.strip();
    String command = properties.command();
    if (!trimmed.regionMatches(true, 0, command, 0, command.length())) {
      return null;
    }
    String rest = trimmed.substring(command.length());
    if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
      return null;
    }
    return rest.strip();
  }

  private static boolean isClosed(JsonNode payload) {
    return payload.path("issue").path("state").asString("open").equals("closed");
  }

  private TriggerDecision accept(String deliveryId, JsonNode payload, Trigger trigger) {
    JsonNode repository = payload.path("repository");
    String owner = repository.path("owner").path("login").asString("");
    String name = repository.path("name").asString("");
    if (!isValidName(owner) || !isValidName(name)) {
      return new TriggerDecision.Rejected("the repository name is missing or not a GitHub name");
    }
    JsonNode issue = payload.path("issue");
    int number = issue.path("number").asInt(0);
    if (number <= 0) {
      return new TriggerDecision.Rejected("the issue number is missing");
    }
    String cloneUrl = repository.path("clone_url").asString("");
    if (!cloneUrl.startsWith("https://") && !cloneUrl.startsWith("http://")) {
      return new TriggerDecision.Rejected("the repository's clone_url is missing or not HTTP(S)");
    }
    if (trigger.requester().isEmpty()) {
      return new TriggerDecision.Rejected("the sender is missing");
    }
    RepositoryRef repositoryRef = new RepositoryRef(owner, name, cloneUrl,
        repository.path("default_branch").asString("main"));
    IssueRef issueRef = new IssueRef(number, issue.path("title").asString(""),
        issue.path("html_url").asString(""));
    return new TriggerDecision.Accepted(new IssueTriggered(TaskEvent.SCHEMA_VERSION,
        taskIdFor(deliveryId), deliveryId, repositoryRef, issueRef,
        issue.path("body").asString(""), trigger, 1, clock.instant()));
  }

  private static boolean isValidName(String name) {
    return NAME.matcher(name).matches() && !name.startsWith(".") && !name.startsWith("-")
        && !name.contains("..");
  }

  /** The same delivery always gets the same task id, so a redelivered webhook names the same task. */
  static String taskIdFor(String deliveryId) {
    return UUID.nameUUIDFromBytes(("github-delivery:" + deliveryId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
