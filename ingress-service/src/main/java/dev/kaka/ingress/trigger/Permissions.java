package dev.kaka.ingress.trigger;

import dev.kaka.common.event.RepositoryRef;
import reactor.core.publisher.Mono;

/** Where {@link TriggerTrust} learns what a person may do on a repository: GitHub, in service. */
public interface Permissions {

  /**
   * {@code login}'s permission on {@code repository}; {@link Permission#NONE} for someone GitHub
   * does not know there. Fails with {@link PermissionUnknown} when GitHub cannot say.
   */
  Mono<Permission> of(RepositoryRef repository, String login);
}
