package dev.kaka.notifier.projection;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the notifier told GitHub about a task, as {@link ReportLog} keeps it: the rank of the event
 * reported (see {@link Progress}), and the pull request when the report opened or found one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Reported(String taskId, int progress, Integer pullRequestNumber, String pullRequestUrl) {}
