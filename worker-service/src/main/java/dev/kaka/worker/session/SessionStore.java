package dev.kaka.worker.session;

import dev.kaka.common.event.AgentSessionKept;
import java.util.Optional;

/** Where the agent's sessions are kept, one per pull request, reachable from every worker. */
public interface SessionStore {

  /**
   * Keeps {@code session} as its branch's newest, once it is durable.
   *
   * @throws SessionStoreException when it could not be kept
   */
  void keep(AgentSessionKept session);

  /**
   * The newest session kept under {@code key} ({@link AgentSessionKept#keyOf}) by any worker.
   *
   * @throws SessionStoreException when the store could not be read
   */
  Optional<AgentSessionKept> newest(String key);
}
