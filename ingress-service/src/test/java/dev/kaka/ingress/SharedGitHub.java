package dev.kaka.ingress;

import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One fake GitHub for the ingress's HTTP tests, which the ingress asks for repositories' settings
 * and for requesters' permissions. It serves the repository of the test payloads, {@value
 * #OWNER}/{@value #NAME}, whose owner (the payloads' sender) administers it, as a fake's owner
 * does: a test that triggers as someone else grants them a permission first.
 */
public final class SharedGitHub {

  public static final String TOKEN = "ingress-test-github-token";
  public static final String OWNER = "Codertocat";
  public static final String NAME = "Hello-World";

  private static FakeGitHub github;

  private SharedGitHub() {}

  public static synchronized FakeGitHub get() {
    if (github == null) {
      try {
        github = FakeGitHub.start(Files.createTempDirectory("ingress-github"), TOKEN);
      } catch (IOException unwritable) {
        throw new UncheckedIOException(unwritable);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(github::close, "fake-github-shutdown"));
      github.createRepository(OWNER, NAME, "master", Map.of("README.md", "Hello World\n"));
    }
    return github;
  }

  /** Points the ingress at the fake, with its token. */
  public static void register(DynamicPropertyRegistry registry) {
    registry.add("kaka.github.api-url", () -> get().apiUrl());
    registry.add("kaka.github.token", () -> TOKEN);
  }

  /** Grants {@code user} a permission, such as {@code write}, on the payloads' repository. */
  public static void grant(String user, String permission) {
    get().setPermission(OWNER, NAME, user, permission);
  }

  /** A new repository of the fake, which its owner administers. */
  public static FakeRepository repository(String owner, String name) {
    return get().createRepository(owner, name, "main", Map.of("README.md", "hello\n"));
  }
}
