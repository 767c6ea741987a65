package dev.kaka.worker.session;

import dev.kaka.common.event.AgentSessionKept;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.worker.agent.AgentSession;
import dev.kaka.worker.agent.SessionPlan;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * The agent's memory across the runs on one pull request: a run on a pull request resumes the
 * session the last completed run on its branch kept, the first run on an issue included, on
 * whichever worker; each completed run keeps its own. A session that cannot be had is no failure:
 * the run starts fresh and says why.
 */
public class SessionMemory {

  private static final Logger log = LoggerFactory.getLogger(SessionMemory.class);

  private final SessionStore store;
  private final SessionProperties properties;
  private final Clock clock;

  public SessionMemory(SessionStore store, SessionProperties properties, Clock clock) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /** What the run of {@code task} on {@code branch} starts from. */
  public Recall recall(IssueTriggered task, String branch) {
    long maxBytes = properties.maxSize().toBytes();
    if (maxBytes == 0) {
      return new Recall(SessionPlan.NONE, null, null);
    }
    if (task.pullRequest() == null) {
      return new Recall(SessionPlan.fresh(maxBytes), null, null);
    }
    Optional<AgentSessionKept> kept;
    try {
      kept = store.newest(AgentSessionKept.keyOf(task.repository(), branch));
    } catch (SessionStoreException e) {
      log.warn("Task {} starts a new session: {}", task.taskId(), e.getMessage());
      return fresh(maxBytes, "the session of the last run could not be read");
    }
    if (kept.isEmpty()) {
      log.info("Task {} starts a new session: none was kept for {}", task.taskId(), branch);
      return fresh(maxBytes, "no session of an earlier run on it was kept");
    }
    AgentSessionKept session = kept.get();
    if (!session.resumable()) {
      log.info(
          "Task {} starts a new session: that of task {} was {} bytes, over the cap",
          task.taskId(),
          session.taskId(),
          session.size());
      return fresh(
          maxBytes,
          "the session of the last run was "
              + DataSize.ofBytes(session.size()).toKilobytes()
              + " KB, over the cap of "
              + properties.maxSize().toKilobytes()
              + " KB (`kaka.sessions.max-size`)");
    }
    log.info(
        "Task {} resumes session {} of task {}",
        task.taskId(),
        session.sessionId(),
        session.taskId());
    return new Recall(
        SessionPlan.resume(session.sessionId(), session.content(), maxBytes),
        session.taskId(),
        null);
  }

  private static Recall fresh(long maxBytes, String because) {
    return new Recall(SessionPlan.fresh(maxBytes), null, because);
  }

  /**
   * Keeps the session the completed run of {@code task} on {@code branch} left. One that cannot be
   * kept costs the next run its memory, not this task its outcome.
   */
  public void keep(IssueTriggered task, String branch, AgentSession session) {
    if (!session.left()) {
      return;
    }
    try {
      store.keep(
          new AgentSessionKept(
              TaskEvent.SCHEMA_VERSION,
              task.taskId(),
              task.repository(),
              branch,
              session.sessionId(),
              session.size(),
              session.content(),
              clock.instant()));
      log.info(
          "Kept session {} of task {} ({} bytes{})",
          session.sessionId(),
          task.taskId(),
          session.size(),
          session.content() == null ? ", over the cap: the next run starts fresh" : "");
    } catch (SessionStoreException e) {
      log.warn(
          "The session of task {} was not kept; the next run on {} starts fresh: {}",
          task.taskId(),
          branch,
          e.getMessage());
      if (session.content() != null) {
        // an older session of the branch must not be resumed as if it were this one
        keep(task, branch, new AgentSession(session.sessionId(), session.size(), null));
      }
    }
  }
}
