package dev.kaka.ingress.trigger;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TriggerRefused;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Lets a decision that starts, continues or stops a task stand only when its requester may write to
 * the repository, by GitHub's word: an organisation member with read access, a triager, or the
 * stranger an issue template labels for are refused, once, as other refusals are. A bot the
 * operator lists is trusted as listed. When GitHub cannot answer, the decision fails with a {@link
 * PermissionUnknown} that {@link PermissionUnknown#passing() passes}: nothing is queued and GitHub
 * can redeliver it.
 */
@Component
public class TriggerTrust {

  private static final Logger log = LoggerFactory.getLogger(TriggerTrust.class);

  private final TriggerProperties properties;
  private final Permissions permissions;
  private final Clock clock;

  TriggerTrust(TriggerProperties properties, Permissions permissions, Clock clock) {
    this.properties = properties;
    this.permissions = permissions;
    this.clock = clock;
  }

  /** The decision once the requester's permission is known; other decisions pass as they are. */
  public Mono<TriggerDecision> vet(TriggerDecision decision, RepositorySettings settings) {
    Request request = Request.of(decision);
    if (request == null || properties.allowsBot(request.requester())) {
      return Mono.just(decision);
    }
    Permission minimum = minimum(settings);
    return permissions
        .of(request.repository(), request.requester())
        .map(
            permission ->
                permission.atLeast(minimum)
                    ? decision
                    : refuse(
                        request,
                        "only people with "
                            + atLeast(minimum)
                            + " access to the "
                            + "repository can start Kaka, and @"
                            + request.requester()
                            + " has "
                            + held(permission)
                            + " access"))
        .onErrorResume(
            PermissionUnknown.class,
            unknown -> {
              if (unknown.passing()) {
                return Mono.error(unknown);
              }
              log.warn(
                  "The permission of {} on {} is unknown ({}): the trigger is refused",
                  request.requester(),
                  request.repository().fullName(),
                  unknown.getMessage());
              return Mono.just(
                  refuse(
                      request,
                      "Kaka could not check that @"
                          + request.requester()
                          + " may write to the repository: "
                          + unknown.getMessage()));
            });
  }

  /**
   * Whether what {@code login} wrote under an issue may reach the agent: by the rule a trigger is
   * held to. Never Kaka's own account; a bot only when the operator lists it; anyone else when
   * their {@code association} may use the command on the repository and GitHub says they hold its
   * minimum permission. When GitHub cannot say, they are not trusted.
   */
  public Mono<Boolean> vouchesFor(
      RepositoryRef repository,
      String login,
      String accountType,
      String association,
      RepositorySettings settings) {
    String ownLogin = settings.trigger().botLogin();
    if (properties.isBot(login) || ownLogin != null && ownLogin.equalsIgnoreCase(login)) {
      return Mono.just(false);
    }
    if (TriggerProperties.isBotAccount(accountType, login)) {
      return Mono.just(properties.allowsBot(login));
    }
    Set<String> associations = settings.trigger().allowedAssociations();
    String upper = association.toUpperCase(Locale.ROOT);
    if (!properties.allowedAssociations().contains(upper)
        || associations != null && !associations.contains(upper)) {
      return Mono.just(false);
    }
    Permission minimum = minimum(settings);
    return permissions
        .of(repository, login)
        .map(permission -> permission.atLeast(minimum))
        .onErrorResume(PermissionUnknown.class, unknown -> Mono.just(false));
  }

  /** The service's minimum, or the repository's when it is higher. */
  private Permission minimum(RepositorySettings settings) {
    Permission own = settings.trigger().minPermission();
    return own == null
        ? properties.minPermission()
        : Permission.higher(own, properties.minPermission());
  }

  /** "write, maintain or admin" for write. */
  private static String atLeast(Permission minimum) {
    List<String> names =
        Arrays.stream(Permission.values())
            .filter(held -> held.atLeast(minimum))
            .map(Permission::toString)
            .toList();
    int last = names.size() - 1;
    return last == 0
        ? names.get(0)
        : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
  }

  private static String held(Permission permission) {
    return permission == Permission.NONE ? "no" : permission.toString();
  }

  private TriggerDecision refuse(Request request, String reason) {
    return new TriggerDecision.Refused(
        new TriggerRefused(
            TaskEvent.SCHEMA_VERSION,
            TriggerRules.taskIdFor(request.deliveryId()),
            request.deliveryId(),
            request.repository(),
            request.issue(),
            1,
            request.requester(),
            reason,
            clock.instant()));
  }

  /** Who asks what of which repository, for the decisions that act on a task. */
  private record Request(
      String deliveryId, RepositoryRef repository, IssueRef issue, String requester) {

    static Request of(TriggerDecision decision) {
      if (decision instanceof TriggerDecision.Cancel cancel) {
        return new Request(
            cancel.deliveryId(), cancel.repository(), cancel.issue(), cancel.requester());
      }
      return decision.work().map(Request::of).orElse(null);
    }

    private static Request of(IssueTriggered event) {
      return new Request(
          event.deliveryId(), event.repository(), event.issue(), event.trigger().requester());
    }
  }
}
