package dev.kaka.worker.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentSessionKept;
import dev.kaka.common.event.RepositoryRef;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Two workers' stores on the real broker: what one keeps, the other finds. */
class KafkaSessionStoreTest {

  private static final SessionProperties PROPERTIES =
      new SessionProperties(DataSize.ofMegabytes(2), Duration.ofSeconds(20), Duration.ofDays(30));

  private final RepositoryRef repository =
      new RepositoryRef(
          "octo", "hello-" + UUID.randomUUID(), "https://github.com/octo/hello.git", "main");
  private KafkaSessionStore workerA;
  private KafkaSessionStore workerB;

  @BeforeEach
  void start() throws Exception {
    workerA = TestSessionStores.onSharedBroker(PROPERTIES);
    workerB = TestSessionStores.onSharedBroker(PROPERTIES);
  }

  @AfterEach
  void stop() {
    workerA.close();
    workerB.close();
  }

  @Test
  void aWorkerFindsTheNewestSessionOfABranchWhicheverWorkerKeptIt() {
    String key = AgentSessionKept.keyOf(repository, "kaka/issue-1");
    assertThat(workerB.newest(key)).isEmpty();

    workerA.keep(session("kaka/issue-1", "t-1", "first"));
    workerA.keep(session("kaka/issue-2", "t-2", "another branch"));
    assertThat(workerB.newest(key)).map(AgentSessionKept::taskId).hasValue("t-1");

    workerA.keep(session("kaka/issue-1", "t-3", "second"));
    assertThat(workerB.newest(key)).map(AgentSessionKept::content).hasValue("second");
    // read again from what it remembers, without anything new
    assertThat(workerB.newest(key)).map(AgentSessionKept::content).hasValue("second");
    assertThat(workerB.newest(AgentSessionKept.keyOf(repository, "kaka/issue-2")))
        .map(AgentSessionKept::content)
        .hasValue("another branch");
  }

  @Test
  void aSessionLargerThanTheBrokersDefaultMessageTravels() {
    String large = "{\"text\":\"" + "x".repeat(1_500_000) + "\"}\n";
    workerA.keep(session("kaka/issue-large", "t-1", large));

    assertThat(workerB.newest(AgentSessionKept.keyOf(repository, "kaka/issue-large")))
        .map(AgentSessionKept::content)
        .hasValue(large);
  }

  private AgentSessionKept session(String branch, String taskId, String content) {
    return new AgentSessionKept(
        1,
        taskId,
        repository,
        branch,
        UUID.randomUUID().toString(),
        content.length(),
        content,
        Instant.now());
  }
}
