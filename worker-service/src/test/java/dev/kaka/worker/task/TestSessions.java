package dev.kaka.worker.task;

import dev.kaka.common.event.AgentSessionKept;
import dev.kaka.worker.session.KafkaSessionStore;
import dev.kaka.worker.session.SessionMemory;
import dev.kaka.worker.session.SessionProperties;
import dev.kaka.worker.session.SessionStore;
import dev.kaka.worker.session.TestSessionStores;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.util.unit.DataSize;

/** The agent's memory for tests: none, or the real store on the shared broker, one per worker. */
final class TestSessions {

  private static final SessionStore EMPTY =
      new SessionStore() {
        @Override
        public void keep(AgentSessionKept session) {}

        @Override
        public Optional<AgentSessionKept> newest(String key) {
          return Optional.empty();
        }
      };

  private TestSessions() {}

  /** Keeps no session, so every run starts a new one. */
  static SessionMemory none() {
    return new SessionMemory(
        EMPTY,
        new SessionProperties(DataSize.ofBytes(0), Duration.ofSeconds(5), Duration.ofDays(30)),
        Clock.systemUTC());
  }

  /** A store that gives {@code session} as every branch's newest, and keeps nothing. */
  static SessionStore holding(AgentSessionKept session) {
    return new SessionStore() {
      @Override
      public void keep(AgentSessionKept kept) {}

      @Override
      public Optional<AgentSessionKept> newest(String key) {
        return Optional.of(session);
      }
    };
  }

  /** One worker's store on the shared broker: see {@link TestSessionStores#onSharedBroker}. */
  static KafkaSessionStore store(SessionProperties properties) throws Exception {
    return TestSessionStores.onSharedBroker(properties);
  }

  static SessionMemory memory(SessionStore store, SessionProperties properties) {
    return new SessionMemory(store, properties, Clock.systemUTC());
  }
}
