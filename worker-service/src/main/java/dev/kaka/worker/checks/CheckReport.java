package dev.kaka.worker.checks;

import java.util.List;

/**
 * What a worker found of the checks a fix is for: the failed ones, or why there is nothing to fix.
 *
 * @param headSha the head commit they ran on
 * @param failed the failed checks; empty when {@code nothingToFix} is set
 * @param nothingToFix why no fix runs (the head moved on, or no check failed on it); null when one
 *     does
 */
public record CheckReport(String headSha, List<FailedCheck> failed, String nothingToFix) {

  /** A task that fixes no checks. */
  public static final CheckReport NONE = new CheckReport("", List.of(), null);

  public CheckReport {
    failed = List.copyOf(failed);
  }

  static CheckReport nothingToFix(String headSha, String why) {
    return new CheckReport(headSha, List.of(), why);
  }
}
