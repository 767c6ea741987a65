package dev.kaka.notifier.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.SecondaryLimits;
import dev.kaka.testkit.mongo.MongoStandIn;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.connector.GitHubConnector;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Two notifier replicas writing to one GitHub as fast as they can, each pacing its writes with a
 * budget kept in the same MongoDB (the stand-in), against a fake GitHub that enforces secondary
 * limits a little above the budget.
 */
class WritePacerTest {

  private static final String TOKEN = "pacer-test-token";
  private static final int REPLICAS = 2;
  private static final int THREADS = 2;
  private static final int WRITES_PER_THREAD = 20;
  // sped up 60 times, a minute lasts a second: 20 writes a second and 5 at once, where GitHub
  // allows 30; the hour does not bind
  private static final GitHubPacingProperties BUDGET =
      new GitHubPacingProperties(true, 20, 5, 100_000, 100_000, Duration.ofSeconds(30), 60);
  private static final SecondaryLimits FAKE_LIMITS =
      new SecondaryLimits(30, Duration.ofSeconds(1), 100_000, Duration.ofHours(1));

  @TempDir Path temp;
  private final String database = "write-pacer-test-" + UUID.randomUUID();
  private final List<MongoClient> clients = new ArrayList<>();
  private FakeGitHub github;
  private FakeIssue issue;

  @BeforeEach
  void start() {
    github = FakeGitHub.start(temp, TOKEN);
    github.createRepository("octo", "paced", "main", Map.of("README.md", "hello\n"));
    issue = github.openIssue("octo", "paced", "Busy", "Many writes.");
  }

  @AfterEach
  void stop() {
    github.close();
    clients.forEach(MongoClient::close);
  }

  @Test
  void replicasSharingTheStoreStayWithinTheBudgetTogether() throws Exception {
    github.enforceSecondaryLimits(FAKE_LIMITS);
    MeterRegistry registry = new SimpleMeterRegistry();
    List<GHIssue> writers = new ArrayList<>();
    for (int replica = 0; replica < REPLICAS; replica++) {
      GitHub client = replica(registry);
      for (int thread = 0; thread < THREADS; thread++) {
        writers.add(client.getRepository("octo/paced").getIssue(issue.number()));
      }
    }

    long start = System.nanoTime();
    ExecutorService threads = Executors.newFixedThreadPool(writers.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (GHIssue writer : writers) {
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < WRITES_PER_THREAD; i++) {
                    writer.comment("write " + i);
                  }
                  return null;
                }));
      }
      for (Future<?> writes : done) {
        writes.get();
      }
    } finally {
      threads.shutdown();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    int writes = REPLICAS * THREADS * WRITES_PER_THREAD;
    assertThat(github.comments("octo", "paced", issue.number())).hasSize(writes);
    assertThat(github.secondaryLimitAnswers()).isZero();
    // unpaced, these writes take a fraction of a second; paced, the burst, then 20 a second
    assertThat(took).isGreaterThan(Duration.ofMillis((writes - 5) * 1000L / 20 - 250));
    assertThat(registry.get("kaka.github.write.queue.wait").timer().count()).isEqualTo(writes);
  }

  @Test
  void eachInstallationHasItsOwnBudgetAndATurnTooFarOffIsNotWaitedFor() throws Exception {
    github.createRepository("acme", "widgets", "main", Map.of("README.md", "hello\n"));
    FakeIssue other = github.openIssue("acme", "widgets", "Busy", "Writes.");
    // one write a minute, and no waiting for the next one
    GitHubPacingProperties oneAMinute =
        new GitHubPacingProperties(true, 1, 1, 100, 100, Duration.ofMillis(100), 1);
    GitHub client = client(pacer(oneAMinute), true, new SimpleMeterRegistry());
    GHIssue octo = client.getRepository("octo/paced").getIssue(issue.number());
    GHIssue acme = client.getRepository("acme/widgets").getIssue(other.number());

    octo.comment("octo's first");
    acme.comment("acme's first");
    assertThatThrownBy(() -> octo.comment("octo's second"))
        .satisfies(tooFar -> assertThat(WritePacer.isTurnTooFar(tooFar)).isTrue())
        .rootCause()
        .hasMessageContaining("installation octo");

    assertThat(github.comments("octo", "paced", issue.number())).hasSize(1);
    assertThat(github.comments("acme", "widgets", other.number())).hasSize(1);
  }

  /** One notifier replica's client: its own connection to the store and its own pacer. */
  private GitHub replica(MeterRegistry registry) throws Exception {
    return client(pacer(BUDGET), false, registry);
  }

  private WritePacer pacer(GitHubPacingProperties budget) {
    MongoClient mongo = MongoClients.create(MongoStandIn.shared().uri(database));
    clients.add(mongo);
    return new WritePacer(
        new MongoBucketStates(new MongoTemplate(mongo, database), Clock.systemUTC()), budget);
  }

  private GitHub client(WritePacer pacer, boolean perOwner, MeterRegistry registry)
      throws Exception {
    return new GitHubBuilder()
        .withEndpoint(github.apiUrl())
        .withOAuthToken(TOKEN)
        .withConnector(new PacedWrites(GitHubConnector.DEFAULT, pacer, perOwner, registry))
        .build();
  }
}
