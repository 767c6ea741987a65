package dev.kaka.ingress.task;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the ingress reads the task store (the notifier's MongoDB projection).
 *
 * @param timeout how long a read waits for MongoDB to be reachable: then the task API answers 503,
 *     and a webhook is queued without checking the issue for a task in progress. Well below
 *     GitHub's 10 s webhook timeout, so deliveries are still accepted while MongoDB is down
 */
@Validated
@ConfigurationProperties("kaka.task-store")
public record TaskStoreProperties(@DefaultValue("2s") Duration timeout) {}
