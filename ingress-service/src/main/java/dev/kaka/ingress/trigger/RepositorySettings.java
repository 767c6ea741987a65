package dev.kaka.ingress.trigger;

import dev.kaka.common.event.TaskSettings;
import java.util.Set;

/**
 * What one repository's {@code .github/kaka.yml} says: how to recognise a trigger there, merged by
 * {@link TriggerRules} over {@code kaka.trigger.*}, and how its tasks run, carried in the task's
 * event for the workers and the notifier.
 *
 * @param trigger the trigger settings the file sets; never null
 * @param task the task settings, or null when the file sets none
 */
public record RepositorySettings(Trigger trigger, TaskSettings task) {

  /** No file, or no way to read one: the service-wide settings apply. */
  public static final RepositorySettings NONE = new RepositorySettings(Trigger.NONE, null);

  public RepositorySettings {
    trigger = trigger == null ? Trigger.NONE : trigger;
  }

  /**
   * Each value is null when the file leaves it to {@code kaka.trigger.*}.
   *
   * @param label the label that starts a task
   * @param command the comment command
   * @param botLogin the login whose assignment starts a task; empty turns that trigger off
   * @param allowedAssociations who may use the command, upper case; only narrows the service's
   * @param minPermission the least permission of whoever starts or stops a task; only raises the
   *     service's
   */
  public record Trigger(
      String label,
      String command,
      String botLogin,
      Set<String> allowedAssociations,
      Permission minPermission) {

    public static final Trigger NONE = new Trigger(null, null, null, null, null);

    public Trigger {
      allowedAssociations = allowedAssociations == null ? null : Set.copyOf(allowedAssociations);
    }

    /** Settings that leave the permission to the service. */
    public Trigger(String label, String command, String botLogin, Set<String> allowedAssociations) {
      this(label, command, botLogin, allowedAssociations, null);
    }
  }
}
