package dev.kaka.notifier.report;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the notifier says on GitHub besides the status comment.
 *
 * @param stateLabels whether the issue carries a label naming its task's state; off by default,
 *     since each change of it costs GitHub writes the status comment already shows
 * @param queuedLabel the label while the task waits for a worker
 * @param runningLabel the label while the agent works
 * @param doneLabel the label once the pull request is open
 * @param failedLabel the label when the task failed
 * @param cancelledLabel the label when the task was cancelled
 * @param answerRefusals whether Kaka answers a trigger it refuses (say, from an untrusted user)
 *     with a comment, once per person and issue, or stays silent
 */
@Validated
@ConfigurationProperties("kaka.notifier")
public record ReportProperties(
    @DefaultValue("false") boolean stateLabels,
    @DefaultValue("kaka:queued") @NotBlank String queuedLabel,
    @DefaultValue("kaka:running") @NotBlank String runningLabel,
    @DefaultValue("kaka:done") @NotBlank String doneLabel,
    @DefaultValue("kaka:failed") @NotBlank String failedLabel,
    @DefaultValue("kaka:cancelled") @NotBlank String cancelledLabel,
    @DefaultValue("true") boolean answerRefusals) {

  java.util.Set<String> labels() {
    return java.util.Set.of(queuedLabel, runningLabel, doneLabel, failedLabel, cancelledLabel);
  }
}
