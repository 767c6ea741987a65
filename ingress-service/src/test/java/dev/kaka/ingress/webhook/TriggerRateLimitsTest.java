package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TriggerRateLimitsTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = nanos::get;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TriggerRateLimits limits =
      new TriggerRateLimits(
          new WebhookProperties.RateLimit(
              new WebhookProperties.PerSender(2, Duration.ofMinutes(10)),
              new WebhookProperties.PerRepository(3, Duration.ofMinutes(10))),
          meters,
          ticker);

  @Test
  void aSenderGetsTheirAllowancePerPeriodAndIsToldWhenTheNextOneIsFree() {
    assertThat(limits.admit(trigger("alice", "octo/a"))).isEmpty();
    assertThat(limits.admit(trigger("Alice", "octo/b"))).isEmpty();

    var refusal = limits.admit(trigger("alice", "octo/c"));

    assertThat(refusal)
        .hasValueSatisfying(
            refused -> {
              assertThat(refused.message()).contains("@alice").contains("2 per 10m");
              assertThat(refused.retryAfter())
                  .isPositive()
                  .isLessThanOrEqualTo(Duration.ofMinutes(10));
            });
    assertThat(limits.admit(trigger("bob", "octo/c"))).as("another sender").isEmpty();
    assertThat(refused("sender")).isEqualTo(1);
  }

  @Test
  void aRepositoryGetsItsAllowancePerPeriodWhoeverAsks() {
    limits.admit(trigger("alice", "octo/a"));
    limits.admit(trigger("bob", "octo/a"));
    limits.admit(trigger("carol", "OCTO/A"));

    assertThat(limits.admit(trigger("dave", "octo/a")))
        .hasValueSatisfying(refused -> assertThat(refused.message()).contains("octo/a"));
    assertThat(limits.admit(trigger("dave", "octo/b"))).isEmpty();
    assertThat(refused("repository")).isEqualTo(1);
  }

  @Test
  void theAllowanceIsRenewedAfterThePeriod() {
    limits.admit(trigger("alice", "octo/a"));
    limits.admit(trigger("alice", "octo/a"));
    assertThat(limits.admit(trigger("alice", "octo/a"))).isPresent();

    nanos.addAndGet(Duration.ofMinutes(10).toNanos());

    assertThat(limits.admit(trigger("alice", "octo/a"))).isEmpty();
  }

  private double refused(String limit) {
    return meters.get("kaka.triggers.rate.limited").tag("limit", limit).counter().count();
  }

  private static IssueTriggered trigger(String sender, String repository) {
    String[] parts = repository.split("/");
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        "t",
        "d",
        new RepositoryRef(parts[0], parts[1], "https://github.com/" + repository + ".git", "main"),
        new IssueRef(1, "title", "https://github.com/" + repository + "/issues/1"),
        "",
        new Trigger(TriggerKind.LABEL, sender, ""),
        1,
        Instant.EPOCH);
  }
}
