package dev.kaka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds the services' executable jars in a build of this repository. */
public final class ServiceJars {

  private final Path home;

  private ServiceJars(Path home) {
    this.home = home;
  }

  /**
   * The repository root: {@code kaka.home} when set (the {@code ./kaka} launcher sets it), else the
   * nearest directory upwards that holds the service modules.
   */
  public static ServiceJars inBuild() {
    String configured = System.getProperty("kaka.home");
    Path start = Path.of(configured != null ? configured : "").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("ingress-service"))) {
        return new ServiceJars(dir);
      }
    }
    throw new IllegalStateException(
        "Cannot find the Kaka repository above "
            + start
            + "; run from a checkout or set -Dkaka.home");
  }

  Path home() {
    return home;
  }

  Path jar(String module) {
    Path target = home.resolve(module).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(() -> notBuilt(module));
    } catch (IOException e) {
      if (!Files.exists(target)) {
        throw notBuilt(module);
      }
      throw new UncheckedIOException(e);
    }
  }

  private static IllegalStateException notBuilt(String module) {
    return new IllegalStateException(
        module
            + " is not built yet: run 'mvn -DskipTests package' "
            + "(./kaka does this for you)");
  }
}
