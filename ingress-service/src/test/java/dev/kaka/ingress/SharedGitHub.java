package dev.kaka.ingress;

import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeGitHubApp;
import dev.kaka.testkit.github.FakeRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** The GitHub App of tests that run the ingress as one, installed on {@value #OWNER}. */
  public static final long APP_ID = 6006;

  private static FakeGitHub github;
  private static FakeGitHubApp app;
  private static Path appKey;

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

  /**
   * Points the ingress at the fake, with its token. The payloads stay GitHub's own, whose clone
   * URLs are on github.com rather than on the fake's server.
   */
  public static void register(DynamicPropertyRegistry registry) {
    registry.add("kaka.github.api-url", () -> get().apiUrl());
    registry.add("kaka.github.token", () -> TOKEN);
    registry.add("kaka.webhook.allowed-clone-urls", () -> "https://github.com/");
  }

  /** The GitHub App, registered with what every service may ask for, on first use. */
  public static synchronized FakeGitHubApp app() {
    if (app == null) {
      app =
          get()
              .registerApp(
                  APP_ID,
                  "kaka-ingress-test",
                  Map.of(
                      "contents",
                      "write",
                      "issues",
                      "write",
                      "metadata",
                      "read",
                      "pull_requests",
                      "read"));
      app.install(OWNER);
    }
    return app;
  }

  /** The App's private key as GitHub hands it out, in a file. */
  public static synchronized Path appKeyFile() {
    if (appKey == null) {
      try {
        appKey =
            Files.writeString(Files.createTempFile("ingress-app", ".pem"), app().privateKeyPem());
      } catch (IOException unwritable) {
        throw new UncheckedIOException(unwritable);
      }
    }
    return appKey;
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
