package dev.kaka.worker.session;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the agent's session is kept between the runs on one pull request.
 *
 * @param maxSize the largest session kept for the next run; a larger one is not resumed, and the
 *     next run says so. 0 keeps none. The sessions' topic takes messages of about twice this size
 * @param timeout how long keeping a session, or finding the last one of a pull request, may take
 *     before the run goes on without it
 * @param retention how long a pull request's session is kept after its last run: the sessions'
 *     topic deletes what is older, so the sessions of pull requests nobody works on do not pile up
 */
@Validated
@ConfigurationProperties("kaka.sessions")
public record SessionProperties(
    @DefaultValue("4MB") @NotNull DataSize maxSize,
    @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration timeout,
    @DefaultValue("30d") @NotNull @DurationMin(hours = 1) Duration retention) {

  /**
   * The sessions' topic's configuration, wherever it is made: compacted, so each pull request's
   * newest session replaces the older, and deleted after {@link #retention()}, so that of a pull
   * request without runs goes too; its messages up to {@link #maxMessageBytes()}.
   */
  public Map<String, String> topicConfigs() {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG,
        String.valueOf(retention.toMillis()),
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
        String.valueOf(maxMessageBytes()));
  }

  /**
   * The largest message of the sessions' topic: the session escaped as a JSON string (at most about
   * twice its size for JSON lines) with the event around it.
   */
  public int maxMessageBytes() {
    return Math.toIntExact(Math.min(Integer.MAX_VALUE, 2 * maxSize.toBytes() + 1024 * 1024));
  }
}
