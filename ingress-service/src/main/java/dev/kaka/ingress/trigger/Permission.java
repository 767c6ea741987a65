package dev.kaka.ingress.trigger;

import java.util.Locale;
import java.util.Optional;

/**
 * A person's role on a repository as GitHub names it, weakest first: what Kaka asks of whoever
 * starts or stops a task.
 */
public enum Permission {
  NONE,
  READ,
  TRIAGE,
  WRITE,
  MAINTAIN,
  ADMIN;

  /** The permission GitHub names {@code name} ({@code write}, {@code maintain}…), if any. */
  public static Optional<Permission> of(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Permission permission : values()) {
      if (permission.toString().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(permission);
      }
    }
    return Optional.empty();
  }

  /** Whether this permission grants at least what {@code minimum} does. */
  public boolean atLeast(Permission minimum) {
    return compareTo(minimum) >= 0;
  }

  /** The stronger of the two. */
  static Permission higher(Permission one, Permission other) {
    return one.atLeast(other) ? one : other;
  }

  /** GitHub's spelling, as in {@code kaka.trigger.min-permission}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
