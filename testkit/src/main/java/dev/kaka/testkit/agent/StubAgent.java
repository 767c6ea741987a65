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
   * Hunts for credentials like a hostile agent: prints its environment, the workspace's {@code
   * .git/config} and what it can read outside the workspace (the environment and command line of
   * the processes it runs under, git credential files, the git configs nearby), writes all of it
   * into {@link #SNOOPED_FILE} and repeats it in its summary, and succeeds.
   */
  public static final String SNOOP = "kaka-stub:snoop";

  /**
   * Tries every way out of a sandbox like a hostile agent, and succeeds. Each attempt is a {@code
   * ## } section of {@link #ESCAPE_REPORT}, in this order:
   *
   * <ol>
   *   <li>{@code Leftovers of an earlier run}: a line {@code present: PATH} (then what it holds) or
   *       {@code absent: PATH} for {@code $HOME/.gitconfig}, {@code $HOME/PLANT}, {@code
   *       /tmp/PLANT}, {@code $TMPDIR/PLANT}, {@code /tmp/kaka-hook-ran-PLANT} and {@code
   *       $TMPDIR/kaka-hooks-PLANT}, so a second run shows whether the first one's plants lasted;
   *   <li>{@code Own environment} and {@code Processes}: every PID in {@code /proc} with its
   *       command line and environment;
   *   <li>{@code Read PATH} for each {@link #escapeRead} target, then {@code /run/secrets}, {@code
   *       /var/run/secrets}, {@code $HOME/.git-credentials} and {@code /root}: a file's content, a
   *       directory's {@code ls -laR} (200 lines) and its files named like tokens, {@code config}
   *       or {@code .git-credentials};
   *   <li>{@code Git sabotage}: a push URL and {@code pushInsteadOf} to the first {@link
   *       #escapeConnect} target (or {@code http://evil.invalid/}), {@code core.hooksPath}, hooks
   *       {@code pre-commit}, {@code pre-push}, {@code post-commit} and a clean filter (with a
   *       {@code .gitattributes}) that write {@link #HOOK_RAN_FILE} in the working tree and {@code
   *       /tmp/kaka-hook-ran-PLANT}, and {@link #ESCAPE_REPORT} in {@code .git/info/exclude};
   *   <li>{@code Plants for the next run}: {@code $HOME/.gitconfig} (an {@code insteadOf} and a
   *       {@code hooksPath}), {@code $HOME/PLANT} and {@code /tmp/PLANT}, each naming the plant;
   *   <li>{@code Daemon}: a process detached with {@code setsid} that runs until killed, its
   *       command line {@code bash -c while :; do sleep 1; done kaka-escape-daemon-PLANT} (see
   *       {@link #escapeDaemon});
   *   <li>{@code Connect HOST:PORT} for each {@link #escapeConnect} target: a {@code CONNECT}
   *       through {@code $HTTPS_PROXY} (the status line) and a direct connection ({@code connected}
   *       or {@code refused/unreachable});
   *   <li>{@code Loot}: what steps 2 and 3 read (the targets first) written into the workspace as
   *       {@link #LOOT_BASE64}, {@link #LOOT_HEX} and {@link #LOOT_REVERSED}.
   * </ol>
   *
   * <p>The summary repeats the loot's first 2000 characters (ASCII only), so the transcript carries
   * it too. Every attempt may fail without stopping the others: in the sandbox most should, and a
   * test checks that they did.
   */
  public static final String ESCAPE = "kaka-stub:escape";

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

  /** The report the {@link #ESCAPE} scenario writes, a {@code ## } section an attempt. */
  public static final String ESCAPE_REPORT = "ESCAPE.md";

  /** What the {@link #ESCAPE} scenario read, base64 on one line. */
  public static final String LOOT_BASE64 = "LOOT.b64";

  /** What the {@link #ESCAPE} scenario read, as lowercase hex digits on one line. */
  public static final String LOOT_HEX = "LOOT.hex";

  /** What the {@link #ESCAPE} scenario read, every line backwards. */
  public static final String LOOT_REVERSED = "LOOT.rev";

  /**
   * The file the hooks and the clean filter of the {@link #ESCAPE} scenario write in the working
   * tree when git runs them (they also write {@code /tmp/kaka-hook-ran-PLANT}).
   */
  public static final String HOOK_RAN_FILE = "HOOK_RAN";

  /** The plant name of the {@link #ESCAPE} scenario when no {@link #escapePlant} gives one. */
  public static final String DEFAULT_PLANT = "kaka-planted";

  /** The file the {@link #SUCCEED} scenario writes. */
  public static final String CHANGED_FILE = "KAKA_CHANGE.md";

  private static final String SCRIPT = "stub-claude";

  private static final String START_LOG_OPTION = "--kaka-stub-start-log=";

  private StubAgent() {}

  /** A successful run reports {@code usd} (such as {@code 0.70}) as its cost. */
  public static String cost(String usd) {
    return "kaka-stub:cost=" + usd;
  }

  /** Sleeps this long after the init line, then goes on as the other markers say. */
  public static String slow(int seconds) {
    return "kaka-stub:slow=" + seconds;
  }

  /**
   * A file or directory the {@link #ESCAPE} scenario tries to read, besides its own candidates. The
   * path runs to the next white space; the marker may be given more than once.
   */
  public static String escapeRead(String path) {
    return "kaka-stub:escape-read=" + path;
  }

  /**
   * A {@code host:port} the {@link #ESCAPE} scenario tries to reach, through the proxy and
   * directly; the first one is also where its git sabotage sends pushes. May be given more than
   * once.
   */
  public static String escapeConnect(String hostAndPort) {
    return "kaka-stub:escape-connect=" + hostAndPort;
  }

  /**
   * Names the plants of the {@link #ESCAPE} scenario ({@link #DEFAULT_PLANT} without it), so that
   * runs that share a machine tell theirs apart. Letters, digits, '.', '_' and '-'; others become
   * '_'.
   */
  public static String escapePlant(String name) {
    return "kaka-stub:escape-plant=" + name;
  }

  /**
   * What the command line of the {@link #ESCAPE} scenario's daemon contains, to find it from the
   * host: {@code ProcessHandle.info().commandLine()} includes it.
   */
  public static String escapeDaemon(String plant) {
    return "kaka-escape-daemon-" + plant;
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
          partial,
          dir.resolve(SCRIPT),
          StandardCopyOption.REPLACE_EXISTING,
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
          starts.add(
              new Start(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), line.substring(tab + 1)));
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
