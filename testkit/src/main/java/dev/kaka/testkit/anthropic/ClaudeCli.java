package dev.kaka.testkit.anthropic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the real Claude Code CLI ({@code npm install -g @anthropic-ai/claude-code}, which CI's
 * {@code .ci/run} does) and gives the environment that points it at a {@link FakeAnthropicApi}.
 */
public final class ClaudeCli {

  /** The version Kaka is tested with; {@code .ci/run} installs it. */
  public static final String PINNED_VERSION = "2.1.332";

  private static final String PACKAGE_BINARY = "@anthropic-ai/claude-code/bin/claude.exe";

  private ClaudeCli() {}

  /** The {@code claude} executable on the PATH, else in npm's global modules; else empty. */
  public static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, "claude");
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return Optional.of(candidate.toAbsolutePath());
        }
      }
    }
    return npmRoot().map(root -> root.resolve(PACKAGE_BINARY)).filter(Files::isExecutable);
  }

  /** Why {@link #find()} found nothing, to show as the reason a test is skipped. */
  public static String notFoundMessage() {
    return "The Claude Code CLI is not installed (no 'claude' on the PATH or in `npm root -g`); "
        + "install it with `npm install -g @anthropic-ai/claude-code@"
        + PINNED_VERSION
        + "`, as .ci/run does";
  }

  /**
   * The variables that send the CLI to {@code api} and make failures quick: two retries, a 5-second
   * request timeout, no telemetry or update checks, and a home of its own so that no developer's
   * login or settings leak into a test.
   */
  public static Map<String, String> environment(FakeAnthropicApi api, Path home) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    environment.put("HOME", home.toAbsolutePath().toString());
    environment.put("ANTHROPIC_BASE_URL", api.baseUrl());
    environment.put("ANTHROPIC_API_KEY", "sk-ant-fake-key-for-tests");
    environment.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    environment.put("DISABLE_AUTOUPDATER", "1");
    environment.put("CLAUDE_CODE_MAX_RETRIES", "1");
    environment.put("API_TIMEOUT_MS", "5000");
    return environment;
  }

  private static Optional<Path> npmRoot() {
    try {
      Process npm =
          new ProcessBuilder("npm", "root", "-g")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!npm.waitFor(30, TimeUnit.SECONDS) || npm.exitValue() != 0 || out.isEmpty()) {
        npm.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(Path.of(out.lines().reduce((first, last) -> last).orElse(out)));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
