package dev.kaka.support.github;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether GitHub credentials are configured at all, and whether they are a GitHub App's. */
final class GitHubConditions {

  private GitHubConditions() {}

  /** A token or an App; {@link GitHubProperties} refuses both at once. */
  static final class Configured extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      Binder binder = Binder.get(context.getEnvironment());
      return isSet(binder, "kaka.github.token") || isSet(binder, "kaka.github.app-id")
          ? ConditionOutcome.match("GitHub credentials are configured")
          : ConditionOutcome.noMatch(
              "no GitHub credentials: set kaka.github.token (GITHUB_TOKEN), or"
                  + " kaka.github.app-id and kaka.github.app-private-key-file for a GitHub App");
    }
  }

  /** {@code kaka.github.app-id}. */
  static final class App extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return isSet(Binder.get(context.getEnvironment()), "kaka.github.app-id")
          ? ConditionOutcome.match("kaka.github.app-id is set")
          : ConditionOutcome.noMatch("kaka.github.app-id is not set");
    }
  }

  private static boolean isSet(Binder binder, String property) {
    return !binder.bind(property, String.class).map(String::strip).orElse("").isEmpty();
  }
}
