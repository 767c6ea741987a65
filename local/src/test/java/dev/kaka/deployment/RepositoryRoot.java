package dev.kaka.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in. */
final class RepositoryRoot {

  private RepositoryRoot() {}

  static Path path() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))
          && Files.isDirectory(dir.resolve("k8s"))) {
        return dir;
      }
    }
    throw new IllegalStateException("not inside a Kaka checkout: " + Path.of("").toAbsolutePath());
  }

  static Path resolve(String relative) {
    return path().resolve(relative);
  }
}
