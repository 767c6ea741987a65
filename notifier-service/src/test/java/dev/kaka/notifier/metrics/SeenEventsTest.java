package dev.kaka.notifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskStarted;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeenEventsTest {

  private final SeenEvents seen = new SeenEvents(2);

  @Test
  void anEventIsNewOnlyTheFirstTimeAndALaterAttemptIsNewAgain() {
    assertThat(seen.firstTime(started("t1", 1))).isTrue();
    assertThat(seen.firstTime(started("t1", 1))).isFalse();
    assertThat(seen.firstTime(started("t1", 2))).isTrue();
  }

  @Test
  void onlyTheMostRecentEventsAreRemembered() {
    seen.firstTime(started("t1", 1));
    seen.firstTime(started("t2", 1));
    seen.firstTime(started("t3", 1));

    assertThat(seen.firstTime(started("t1", 1))).as("forgotten").isTrue();
    assertThat(seen.firstTime(started("t3", 1))).isFalse();
  }

  private static TaskStarted started(String taskId, int attempt) {
    return new TaskStarted(
        TaskEvent.SCHEMA_VERSION,
        taskId,
        "delivery-" + taskId,
        new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main"),
        new IssueRef(1, "Title", "https://github.com/octo/hello/issues/1"),
        attempt,
        "kaka/issue-1-title",
        "worker-1",
        Instant.EPOCH);
  }
}
