package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * What started a task and who asked for it.
 *
 * @param instructions text the requester added to the command, empty when none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Trigger(TriggerKind kind, String requester, String instructions) {

  public Trigger {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(requester, "requester");
    instructions = instructions == null ? "" : instructions;
  }
}
