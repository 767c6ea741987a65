package dev.kaka.worker.agent.sandbox;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What of the worker's filesystem the sandboxed agent sees ({@code kaka.agent.filesystem}); it
 * always sees its workspace (writable) and an empty home and {@code /tmp} of its own.
 *
 * @param systemPaths read-only: the programs, libraries and configuration the agent and the
 *     project's build need; paths that do not exist are skipped, symbolic links kept as links
 * @param readOnlyPaths more read-only paths, such as a toolchain installed elsewhere
 * @param hiddenPaths masked where they lie inside the paths above: secrets and the worker's data.
 *     The worker's own data directories and secrets directory are always hidden
 */
public record FilesystemSettings(
    @DefaultValue({"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt"})
        @NotNull
        List<@Pattern(regexp = ABSOLUTE, message = MUST_BE_ABSOLUTE) String> systemPaths,
    @DefaultValue({}) @NotNull
        List<@Pattern(regexp = ABSOLUTE, message = MUST_BE_ABSOLUTE) String> readOnlyPaths,
    @DefaultValue({"/run/secrets", "/var/run/secrets"}) @NotNull
        List<@Pattern(regexp = ABSOLUTE, message = MUST_BE_ABSOLUTE) String> hiddenPaths) {

  private static final String ABSOLUTE = "/.*";
  private static final String MUST_BE_ABSOLUTE = "must be an absolute path";

  List<Path> system() {
    return paths(systemPaths);
  }

  List<Path> readOnly() {
    return paths(readOnlyPaths);
  }

  List<Path> hidden() {
    return paths(hiddenPaths);
  }

  private static List<Path> paths(List<String> paths) {
    return paths.stream().map(Path::of).toList();
  }
}
