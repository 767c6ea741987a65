package dev.kaka.testkit.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the Claude Code CLI that needs no credentials: a bash script that prints what the
 * real {@code claude -p ... --output-format stream-json --verbose} prints and edits files in its
 * working directory. Tests and the local sandbox pick what it does with a marker in the prompt,
 * which is built from the GitHub issue, so writing the marker into the issue body is enough.
 */
public final class StubAgent {

  /** Writes {@link #CHANGED_FILE}, headed by the prompt's first line, and succeeds. The default. */
  public static final String SUCCEED = "kaka-stub:succeed";

  /** Reports success without editing anything. */
  public static final String NO_CHANGE = "kaka-stub:no-change";

  /** Ends like the real CLI after an API error: subtype success, is_error true, exit code 1. */
  public static final String FAIL = "kaka-stub:fail";

  /** Prints the init line, then runs until killed, with a child process of its own. */
  public static final String HANG = "kaka-stub:hang";

  /** Prints the init line and a line on stderr, then exits with 137 and no result line. */
  public static final String CRASH = "kaka-stub:crash";

  /**
   * Hunts for credentials like a hostile agent: prints its environment, the workspace's
   * {@code .git/config} and what it can read outside the workspace (the environment and command
   * line of the processes it runs under, git credential files, the git configs nearby),
   * writes all of it into {@link #SNOOPED_FILE} and repeats it in its summary, and succeeds.
   */
  public static final String SNOOP = "kaka-stub:snoop";

  /**
   * Goes on as the other markers say, and also writes {@link #ARGUMENTS_FILE}: the arguments it
   * got, one a line with the prompt as {@code {prompt}}, a blank line, then the prompt. The file is
   * committed with the change, so a test reads the flags the worker chose from the pushed branch.
   */
  public static final String RECORD_ARGUMENTS = "kaka-stub:record-args";

  /** The file the {@link #RECORD_ARGUMENTS} marker writes. */
  public static final String ARGUMENTS_FILE = "KAKA_ARGS.txt";

  /** The file the {@link #SNOOP} scenario writes. */
  public static final String SNOOPED_FILE = "SNOOPED.md";

  /** The file the {@link #SUCCEED} scenario writes. */
  public static final String CHANGED_FILE = "KAKA_CHANGE.md";

  private static final String SCRIPT = "stub-claude";

  private static final String START_LOG_OPTION = "--kaka-stub-start-log=";

  private StubAgent() {}

  /** Sleeps this long after the init line, then goes on as the other markers say. */
  public static String slow(int seconds) {
    return "kaka-stub:slow=" + seconds;
  }

  /**
   * Copies the script out of the class path into {@code dir} as an executable file.
   *
   * @return the script's path, for {@link #command(Path)}
   */
  public static Path install(Path dir) {
    try (InputStream script = StubAgent.class.getResourceAsStream(SCRIPT)) {
      if (script == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the testkit jar");
      }
      Files.createDirectories(dir);
      // Written aside and moved into place, so a concurrent install never runs a half-written file.
      Path partial = Files.createTempFile(dir, SCRIPT, ".partial");
      Files.copy(script, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      return Files.move(
          partial, dir.resolve(SCRIPT), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not install the stub agent into " + dir, e);
    }
  }

  /**
   * Like {@link #command(Path)}, and every run appends a {@link Start} line to {@code startLog}:
   * benchmarks learn from it when the agent process began, by the same wall clock as theirs.
   */
  public static List<String> command(Path script, Path startLog) {
    List<String> command = new ArrayList<>(command(script));
    command.add(START_LOG_OPTION + startLog.toAbsolutePath());
    return List.copyOf(command);
  }

  /** The runs recorded in a start log (see {@link #command(Path, Path)}), oldest first. */
  public static List<Start> starts(Path startLog) {
    if (!Files.exists(startLog)) {
      return List.of();
    }
    try {
      List<Start> starts = new ArrayList<>();
      for (String line : Files.readAllLines(startLog)) {
        int tab = line.indexOf('\t');
        // each line is one append, so there are no partial lines; an empty one means no clock
        if (tab > 0) {
          long micros = Long.parseLong(line.substring(0, tab));
          starts.add(new Start(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
              line.substring(tab + 1)));
        }
      }
      return List.copyOf(starts);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the start log " + startLog, e);
    }
  }

  /** One run of the stub: when its process began, and the first non-blank line of its prompt. */
  public record Start(Instant at, String promptFirstLine) {}

  /**
   * The command to configure {@code kaka.agent.command} with: the script, called with the same
   * arguments as the real CLI by default, {@code {prompt}} standing for the prompt. The worker
   * appends the limits as flags, which the script accepts and ignores.
   */
  public static List<String> command(Path script) {
    return List.of(
        script.toAbsolutePath().toString(),
        "-p",
        "{prompt}",
        "--output-format",
        "stream-json",
        "--verbose",
        "--no-session-persistence");
  }
}
