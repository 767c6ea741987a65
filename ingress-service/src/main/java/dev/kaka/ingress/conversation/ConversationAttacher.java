package dev.kaka.ingress.conversation;

import dev.kaka.common.event.Conversation;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.ThreadComment;
import dev.kaka.ingress.trigger.PayloadChecks;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.trigger.TriggerTrust;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gives a task the discussion under its issue: the comments of people {@link TriggerTrust} vouches
 * for, oldest first, within {@code kaka.conversation.max-size}, the newest kept. Kaka's own status
 * comments and everyone else's stay out. When GitHub does not serve the comments, the task runs
 * without them and its prompt says so.
 */
@Component
public class ConversationAttacher {

  private static final Logger log = LoggerFactory.getLogger(ConversationAttacher.class);
  // the marker of Kaka's status comments and answers (see the notifier's StatusComment)
  private static final String KAKA_MARKER = "<!-- kaka-";
  // people's permissions asked of GitHub at once, for one issue
  private static final int CONCURRENT_CHECKS = 4;
  private static final String CUT = "\n[…]";

  private final IssueComments comments;
  private final TriggerTrust trust;
  private final long maxBytes;

  ConversationAttacher(
      IssueComments comments, TriggerTrust trust, ConversationProperties properties) {
    this.comments = comments;
    this.trust = trust;
    this.maxBytes = properties.maxSize().toBytes();
  }

  /** The decision, its task carrying the issue's discussion; other decisions as they are. */
  public Mono<TriggerDecision> attach(TriggerDecision decision, RepositorySettings settings) {
    if (maxBytes == 0 || decision.work().isEmpty()) {
      return Mono.just(decision);
    }
    IssueTriggered event = decision.work().get();
    if (event.conversation() != null) {
      // known from the webhook already: an issue without comments
      return Mono.just(decision);
    }
    return comments
        .of(event.repository(), event.issue().number())
        .flatMap(listed -> trusted(event, listed, settings))
        .onErrorResume(
            unread -> {
              log.warn(
                  "The comments of {} could not be read, the task runs without them: {}",
                  event.partitionKey(),
                  unread.getMessage());
              return Mono.just(Conversation.ofUnreadable());
            })
        .map(conversation -> with(decision, event.withConversation(conversation)));
  }

  private Mono<Conversation> trusted(
      IssueTriggered event, IssueComments.Listed listed, RepositorySettings settings) {
    List<PostedComment> newestFirst = new ArrayList<>(listed.comments());
    Collections.reverse(newestFirst);
    return Flux.fromIterable(newestFirst)
        .filter(ConversationAttacher::byAPerson)
        .flatMapSequential(
            comment ->
                trust
                    .vouchesFor(
                        event.repository(),
                        comment.login(),
                        comment.accountType(),
                        comment.association(),
                        settings)
                    .filter(Boolean::booleanValue)
                    .map(trusted -> comment),
            CONCURRENT_CHECKS)
        .collectList()
        .map(vouched -> capped(vouched, listed.olderExist()));
  }

  /** Not one of Kaka's own comments, and by a login that names someone. */
  private static boolean byAPerson(PostedComment comment) {
    return comment.body() != null
        && !comment.body().contains(KAKA_MARKER)
        && PayloadChecks.loginProblem(comment.login()).isEmpty();
  }

  /** The newest that fit, oldest first; the newest alone is cut to fit. */
  private Conversation capped(List<PostedComment> newestFirst, boolean olderExist) {
    List<ThreadComment> kept = new ArrayList<>();
    long left = maxBytes;
    for (PostedComment comment : newestFirst) {
      long size = comment.body().getBytes(StandardCharsets.UTF_8).length;
      if (size > left && !kept.isEmpty()) {
        break;
      }
      String body = size > left ? cut(comment.body(), left) : comment.body();
      kept.add(new ThreadComment(comment.login(), body, comment.createdAt()));
      left -= Math.min(size, left);
    }
    Collections.reverse(kept);
    return new Conversation(kept, olderExist || kept.size() < newestFirst.size(), false);
  }

  // characters are at most four bytes: a quarter of the budget in characters always fits
  private static String cut(String body, long bytes) {
    int characters = (int) Math.max(0, bytes / 4 - CUT.length());
    return body.substring(0, Math.min(body.length(), characters)) + CUT;
  }

  private static TriggerDecision with(TriggerDecision decision, IssueTriggered event) {
    if (decision instanceof TriggerDecision.FollowUp followUp) {
      return new TriggerDecision.FollowUp(event, followUp.pullRequestNumber());
    }
    return new TriggerDecision.Accepted(event);
  }
}
