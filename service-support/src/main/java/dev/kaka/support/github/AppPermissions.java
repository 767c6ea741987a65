package dev.kaka.support.github;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.kohsuke.github.GHPermissionType;

/**
 * What one service may do on a repository when it acts as the GitHub App: every installation token
 * it asks for carries exactly these permissions, whatever more the App was granted. Each service
 * declares its own in its code, never in configuration, so that they cannot be widened. {@code
 * workflows} is refused: a token that may change workflow files can run code with the repository's
 * secrets.
 *
 * @param permissions GitHub's permission names ({@code contents}, {@code issues}, {@code
 *     pull_requests}, …) and the access each needs
 */
public record AppPermissions(Map<String, Access> permissions) {

  /** How much of one permission a token gets. */
  public enum Access {
    READ,
    WRITE
  }

  public AppPermissions {
    if (permissions == null || permissions.isEmpty()) {
      throw new IllegalArgumentException("A service needs at least one permission");
    }
    if (permissions.containsKey("workflows")) {
      throw new IllegalArgumentException("No service may ask for the workflows permission");
    }
    permissions = Map.copyOf(permissions);
  }

  Map<String, GHPermissionType> toGitHub() {
    return permissions.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                entry ->
                    entry.getValue() == Access.WRITE
                        ? GHPermissionType.WRITE
                        : GHPermissionType.READ));
  }

  /** {@code contents: write, issues: read}, sorted: for messages. */
  @Override
  public String toString() {
    return new TreeMap<>(permissions)
        .entrySet().stream()
            .map(entry -> entry.getKey() + ": " + entry.getValue().name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
  }
}
