package dev.kaka.worker.agent.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bubblewrap command line for one run: every namespace of its own (PID, network, IPC, UTS,
 * user, cgroup), no capabilities, the system directories read-only, the workspace and a private
 * home and temporary directory writable, and nothing else of the worker's filesystem. The workspace
 * is always at {@value #WORKSPACE}. The agent's only network is loopback, where socat hands
 * connections to the run's {@link EgressProxy}.
 *
 * <p>The sandbox's first process is bubblewrap's own init: when the agent's process ends, is killed
 * or times out, the kernel ends every process left in the namespace, double-forked daemons
 * included.
 */
final class BubblewrapLayout {

  /** Inside the sandbox: the agent's home, its temporary directory and the proxy's socket. */
  static final String HOME = "/home/agent";

  static final String TMP = "/tmp";

  /**
   * Where the agent sees its workspace, whatever its directory on the worker: a resumed session
   * names the files of the earlier run, maybe made on another worker, by this path.
   */
  static final String WORKSPACE = "/workspace";

  static final String PROXY_DIRECTORY = "/run/kaka-proxy";
  static final String PROXY_SOCKET = "proxy.sock";
  static final int PROXY_PORT = 3128;

  /**
   * Starts socat on loopback, waits until it listens (a port in {@code /proc/net/tcp} in state
   * LISTEN), then becomes the agent.
   */
  private static String initScript(String socat) {
    return String.join(
        "\n",
        "'"
            + socat.replace("'", "'\\''")
            + "' TCP-LISTEN:"
            + PROXY_PORT
            + ",bind=127.0.0.1,fork,reuseaddr"
            + " UNIX-CONNECT:"
            + PROXY_DIRECTORY
            + "/"
            + PROXY_SOCKET
            + " >/dev/null 2>&1 &",
        "listening=' 0100007F:" + String.format("%04X", PROXY_PORT) + " 00000000:0000 0A '",
        "tries=0",
        "until grep -qs \"$listening\" /proc/net/tcp; do",
        "  tries=$((tries + 1))",
        "  if [ \"$tries\" -gt 2000 ]; then echo 'kaka-sandbox: the proxy bridge did not start'"
            + " >&2; exit 125; fi",
        "  sleep 0.002",
        "done",
        "exec \"$@\"");
  }

  private final String bubblewrap;
  private final String socat;
  private final List<Path> systemPaths;
  private final List<Path> hiddenPaths;

  /**
   * @param systemPaths read-only everywhere: the programs, libraries and configuration the agent
   *     and the project's build need
   * @param hiddenPaths masked with an empty directory (or {@code /dev/null} for a file) where they
   *     lie inside a system path: secrets and the worker's data
   */
  BubblewrapLayout(
      String bubblewrap, String socat, List<Path> systemPaths, List<Path> hiddenPaths) {
    this.bubblewrap = bubblewrap;
    this.socat = socat;
    this.systemPaths = systemPaths;
    this.hiddenPaths = hiddenPaths;
  }

  String socat() {
    return socat;
  }

  /**
   * The command that runs {@code command} in the sandbox.
   *
   * @param run the run's private directories on the worker: {@code home}, {@code tmp} and {@code
   *     proxy} (holding the proxy's socket)
   * @param readOnly more paths the agent may read, at the same place: its own program, the objects
   *     the workspace borrows
   * @param homeMounts directories the agent may write, each at its place under its home: the
   *     repository's dependency caches
   */
  List<String> command(
      Path run,
      Path workspace,
      List<Path> readOnly,
      Map<Path, String> homeMounts,
      List<String> command)
      throws IOException {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                bubblewrap,
                "--unshare-all",
                "--die-with-parent",
                "--new-session",
                "--cap-drop",
                "ALL"));
    for (Path path : systemPaths) {
      mountSystemPath(arguments, path);
    }
    arguments.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    for (Path hidden : hiddenPaths) {
      hide(arguments, hidden);
    }
    arguments.addAll(List.of("--bind", run.resolve("tmp").toString(), TMP));
    arguments.addAll(List.of("--bind", run.resolve("home").toString(), HOME));
    homeMounts.forEach(
        (source, place) ->
            arguments.addAll(List.of("--bind", source.toString(), HOME + "/" + place)));
    for (Path path : readOnly) {
      if (Files.exists(path)) {
        arguments.addAll(List.of("--ro-bind", path.toString(), path.toString()));
      }
    }
    arguments.addAll(List.of("--bind", workspace.toString(), WORKSPACE));
    arguments.addAll(List.of("--ro-bind", run.resolve("proxy").toString(), PROXY_DIRECTORY));
    arguments.addAll(
        List.of("--chdir", WORKSPACE, "--", "/bin/sh", "-c", initScript(socat), "kaka-sandbox"));
    arguments.addAll(command);
    return arguments;
  }

  private static void mountSystemPath(List<String> arguments, Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      // merged /usr: /bin -> usr/bin must stay a link, or it would hide what it points to
      arguments.addAll(
          List.of("--symlink", Files.readSymbolicLink(path).toString(), path.toString()));
    } else if (Files.exists(path)) {
      arguments.addAll(List.of("--ro-bind", path.toString(), path.toString()));
    }
  }

  private void hide(List<String> arguments, Path hidden) {
    boolean visible = systemPaths.stream().anyMatch(hidden::startsWith);
    if (!visible || !Files.exists(hidden, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(hidden, LinkOption.NOFOLLOW_LINKS)) {
      arguments.addAll(List.of("--tmpfs", hidden.toString()));
    } else {
      arguments.addAll(List.of("--ro-bind", "/dev/null", hidden.toString()));
    }
  }
}
