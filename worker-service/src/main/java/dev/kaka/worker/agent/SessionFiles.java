package dev.kaka.worker.agent;

import dev.kaka.support.secrets.SecretMasker;
import dev.kaka.worker.agent.sandbox.AgentSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Claude Code CLI's session files in a run's home: the CLI keeps each session in {@code
 * .claude/projects/<directory>/<id>.jsonl}, {@code <directory>} being its working directory with
 * every character but letters and digits turned into a hyphen, and {@code --resume <id>} continues
 * it from there.
 */
final class SessionFiles {

  /** The CLI's session ids are UUIDs; nothing else may name a file here. */
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private SessionFiles() {}

  /** Puts {@code plan}'s session where the CLI looks for it when working in {@code directory}. */
  static void restore(Path home, Path directory, SessionPlan plan) throws IOException {
    if (!SESSION_ID.matcher(plan.resumeId()).matches()) {
      throw new IOException("'" + plan.resumeId() + "' is no session id");
    }
    Path project =
        Files.createDirectories(
            projects(home).resolve(directory.toString().replaceAll("[^A-Za-z0-9]", "-")));
    Files.writeString(
        project.resolve(plan.resumeId() + ".jsonl"), plan.resumeContent(), StandardCharsets.UTF_8);
  }

  /**
   * The session {@code sessionId} as the run left it, masked, its content left out when it is over
   * {@code maxBytes}.
   */
  static AgentSession capture(Path home, String sessionId, long maxBytes, SecretMasker masker)
      throws IOException {
    if (sessionId == null || maxBytes == 0 || !SESSION_ID.matcher(sessionId).matches()) {
      return AgentSession.none();
    }
    Optional<Path> file = find(home, sessionId + ".jsonl");
    if (file.isEmpty()) {
      return AgentSession.none();
    }
    long size = Files.size(file.get());
    String content =
        size > maxBytes ? null : masker.mask(Files.readString(file.get(), StandardCharsets.UTF_8));
    return new AgentSession(sessionId, size, content);
  }

  /**
   * The session file, where it really lies: only a file inside the home, since the agent may have
   * made any part of the path a link to a file of the worker's.
   */
  private static Optional<Path> find(Path home, String name) throws IOException {
    Path projects = projects(home);
    if (!Files.isDirectory(projects, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Path realHome = home.toRealPath();
    try (Stream<Path> directories = Files.list(projects)) {
      for (Path file : directories.map(directory -> directory.resolve(name)).toList()) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && file.toRealPath().startsWith(realHome)) {
          return Optional.of(file.toRealPath());
        }
      }
      return Optional.empty();
    }
  }

  private static Path projects(Path home) {
    return home.resolve(AgentSandbox.CLI_STATE).resolve("projects");
  }
}
