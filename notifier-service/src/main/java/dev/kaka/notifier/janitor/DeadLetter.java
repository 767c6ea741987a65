package dev.kaka.notifier.janitor;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A trigger the worker gave up on, in the {@value #COLLECTION} collection until the janitor has
 * dealt with its task.
 *
 * @param id the task and attempt, so that a redelivered dead letter is stored once
 * @param taskId the task the trigger was for
 * @param attempt the attempt the worker gave up after
 * @param reason why, as the worker's dead-letter headers say
 * @param deadLetteredAt when the janitor learnt of it
 */
@Document(DeadLetter.COLLECTION)
record DeadLetter(
    @Id String id, String taskId, int attempt, String reason, Instant deadLetteredAt) {

  static final String COLLECTION = "janitor_dead_letters";

  static DeadLetter of(String taskId, int attempt, String reason, Instant deadLetteredAt) {
    return new DeadLetter(taskId + "#" + attempt, taskId, attempt, reason, deadLetteredAt);
  }
}
