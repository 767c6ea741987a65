package dev.kaka.taskstore;

import java.util.Locale;

/** Whose spending a budget holds: an organisation's, a repository's or a requester's. */
public enum BudgetScope {
  ORGANISATION,
  REPOSITORY,
  REQUESTER;

  /** The name as stored and as the budget API shows it. */
  public String storedName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope stored as {@code stored}, or null when none is. */
  public static BudgetScope fromStored(String stored) {
    for (BudgetScope scope : values()) {
      if (scope.storedName().equals(stored)) {
        return scope;
      }
    }
    return null;
  }

  /** Whom a task of {@code repository} ({@code owner/name}) asked by {@code requester} charges. */
  public String nameFor(String repository, String requester) {
    return switch (this) {
      case ORGANISATION -> repository.substring(0, repository.indexOf('/'));
      case REPOSITORY -> repository;
      case REQUESTER -> requester;
    };
  }
}
