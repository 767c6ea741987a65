package dev.kaka.notifier.projection;

import dev.kaka.common.Topics;
import dev.kaka.common.event.ChecksFailed;
import dev.kaka.common.event.EventVersions;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.TriggerEvent;
import dev.kaka.common.event.TriggerRefused;
import dev.kaka.taskstore.TaskRetention;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuilds the projection ({@code tasks} and {@code transcripts}) from the topics, into an empty
 * database: every event on {@value Topics#ISSUE_TRIGGERED} and {@value Topics#TASK_EVENTS}, then
 * the report log, each applied with the live notifier's own upserts. Their ranks make the result
 * the same whatever order the two event topics are read in, and the reports only ever raise a rank
 * or set the pull request, so they come last. What the live notifier could not read (unreadable, of
 * a newer schema version or of another topic's type) it dead-lettered, and the rebuild skips it
 * too. Last, it deletes what the live notifier's retention deleted ({@link TaskRetention}), so that
 * finished tasks and budget windows past it do not come back.
 *
 * <p>It reads up to the end the topics have when it starts, without a consumer group: it commits
 * nothing, and the notifier's own position is untouched. Stop the notifier first, so that the
 * rebuilt projection is where the notifier resumes (see docs/operations.md, Replay).
 */
public final class ProjectionRebuild {

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String bootstrapServers;
  private final TaskStore store;
  private final ExpiredTasks expired;
  private final ExpiredBudgets expiredBudgets;
  private final Clock clock;

  private ProjectionRebuild(
      String bootstrapServers,
      TaskStore store,
      ExpiredTasks expired,
      ExpiredBudgets expiredBudgets,
      Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.store = store;
    this.expired = expired;
    this.expiredBudgets = expiredBudgets;
    this.clock = clock;
  }

  /**
   * A rebuild from the topics at {@code bootstrapServers} into {@code target}, masking {@code
   * githubToken} in transcripts and prompts as the notifier does, and keeping finished tasks as
   * long as the notifier's {@code retention} does at {@code clock}'s time.
   */
  public static ProjectionRebuild into(
      MongoTemplate target,
      String bootstrapServers,
      String githubToken,
      TaskRetention retention,
      Clock clock) {
    // the log is only appended to when reporting to GitHub, which a rebuild never does
    KafkaTemplate<String, String> unused =
        new KafkaTemplate<>(
            new DefaultKafkaProducerFactory<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new StringSerializer()));
    return new ProjectionRebuild(
        bootstrapServers,
        new TaskStore(
            target,
            new TranscriptStore(target, githubToken),
            new AuditStore(target, githubToken),
            new BudgetStore(target),
            new ReportLog(unused)),
        new ExpiredTasks(target, retention),
        new ExpiredBudgets(target, retention),
        clock);
  }

  /** Rebuilds; the counts of what it applied and skipped. */
  public Result run() {
    Counts events =
        readAll(
                List.of(Topics.ISSUE_TRIGGERED),
                value -> project(value, TriggerEvent.class, new TriggerProjection()::of))
            .plus(
                readAll(
                    List.of(Topics.TASK_EVENTS),
                    value -> project(value, RunEvent.class, new RunProjection()::of)));
    Counts reports =
        readAll(
            List.of(ReportLog.TOPIC),
            value -> {
              store.apply(ReportLog.read(value));
              return true;
            });
    long deleted = expired.deleteAt(clock.instant());
    expiredBudgets.deleteAt(clock.instant());
    return new Result(events.applied(), reports.applied(), events.skipped(), deleted);
  }

  /**
   * Reads {@code value} as its topic's {@code type} and projects it as the live listener does;
   * false for what the listener would not project.
   */
  private static <E extends TaskEvent> boolean project(
      String value, Class<E> type, Predicate<E> projection) {
    E event;
    try {
      event = JSON.readValue(value, type);
    } catch (JacksonException unreadable) {
      return false;
    }
    return EventVersions.isReadable(event) && projection.test(event);
  }

  /** What the live listener projects of a trigger event: the queued task, not a refusal. */
  private final class TriggerProjection implements TriggerEvent.Handler<Boolean> {

    boolean of(TriggerEvent event) {
      return event.accept(this);
    }

    @Override
    public Boolean issueTriggered(IssueTriggered event) {
      store.project(event);
      return true;
    }

    @Override
    public Boolean triggerRefused(TriggerRefused event) {
      return false;
    }

    @Override
    public Boolean checksFailed(ChecksFailed event) {
      return false;
    }
  }

  /** What the live listener projects of a run event: all of them, progress on its own. */
  private final class RunProjection implements RunEvent.Handler<Boolean> {

    boolean of(RunEvent event) {
      return event.accept(this);
    }

    @Override
    public Boolean taskStarted(TaskStarted event) {
      return projected(event);
    }

    @Override
    public Boolean taskProgressed(TaskProgressed event) {
      store.recordProgress(event);
      return true;
    }

    @Override
    public Boolean taskCompleted(TaskCompleted event) {
      return projected(event);
    }

    @Override
    public Boolean taskFailed(TaskFailed event) {
      return projected(event);
    }

    @Override
    public Boolean taskCancelled(TaskCancelled event) {
      return projected(event);
    }

    private boolean projected(RunEvent event) {
      store.project(event);
      return true;
    }
  }

  /** Applies every record {@code topics} hold now, oldest first per partition. */
  private Counts readAll(List<String> topics, Predicate<String> apply) {
    int applied = 0;
    int skipped = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions =
          topics.stream()
              .flatMap(topic -> consumer.partitionsFor(topic).stream())
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
            continue;
          }
          if (record.value() != null && apply.test(record.value())) {
            applied++;
          } else {
            skipped++;
          }
        }
      }
    }
    return new Counts(applied, skipped);
  }

  private record Counts(int applied, int skipped) {

    Counts plus(Counts other) {
      return new Counts(applied + other.applied, skipped + other.skipped);
    }
  }

  /**
   * @param events the events projected
   * @param reports the reports applied
   * @param skipped the records the notifier does not project: refused triggers, and what it
   *     dead-letters (unreadable, of a newer schema version or of another topic's type)
   * @param expired the finished tasks deleted at the end as past the retention
   */
  public record Result(int events, int reports, int skipped, long expired) {}
}
