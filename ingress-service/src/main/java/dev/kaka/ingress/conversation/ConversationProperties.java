package dev.kaka.ingress.conversation;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much of an issue's discussion a task carries to the agent.
 *
 * @param maxSize the trusted comments' text a task carries at most, newest kept; {@code 0B} carries
 *     none and reads none. Bounded so that the task's event, with the issue's own text, stays
 *     within Kafka's default record size of 1 MB however the text encodes
 */
@Validated
@ConfigurationProperties("kaka.conversation")
public record ConversationProperties(@DefaultValue("64KB") @NotNull DataSize maxSize) {

  static final DataSize MOST = DataSize.ofKilobytes(100);

  @AssertTrue(message = "max-size must be between 0B and 100KB")
  boolean isMaxSizeWithinTheRecordLimit() {
    return maxSize == null || !maxSize.isNegative() && maxSize.compareTo(MOST) <= 0;
  }
}
