package dev.kaka.worker.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DependencyCachesTest {

  @TempDir Path root;

  @Test
  void aRepositoryGetsItsPackageStoresUnderTheAgentsHome() {
    Map<Path, String> mounts = new DependencyCaches(root, 1_000_000).acquire("Octo/Hello");

    assertThat(mounts.values())
        .containsExactly(".m2/repository", ".gradle/caches", ".npm/_cacache", ".cache/pip");
    assertThat(mounts.keySet())
        .allSatisfy(
            path -> {
              assertThat(path).isDirectory();
              assertThat(path.getParent()).isEqualTo(root.resolve("octo--hello"));
            });
  }

  @Test
  void theCachesUsedLongestAgoGoFirstUntilAllFitTheBound() throws IOException {
    DependencyCaches caches = new DependencyCaches(root, 2_500);
    fill(caches, "octo/oldest", 1_000, Instant.parse("2026-01-01T00:00:00Z"));
    fill(caches, "octo/older", 1_000, Instant.parse("2026-02-01T00:00:00Z"));
    fill(caches, "octo/newest", 1_000, Instant.parse("2026-03-01T00:00:00Z"));

    caches.evict();

    assertThat(root.resolve("octo--oldest")).doesNotExist();
    assertThat(root.resolve("octo--older")).isDirectory();
    assertThat(root.resolve("octo--newest")).isDirectory();
  }

  @Test
  void aCacheInUseIsNeverEvictedAndAReleasedOneIs() throws IOException {
    DependencyCaches caches = new DependencyCaches(root, 500);
    Path maven = caches.acquire("octo/busy").keySet().iterator().next();
    caches.acquire("octo/busy");
    Files.write(maven.resolve("dependency.jar"), new byte[1_000]);

    caches.release("octo/busy");
    assertThat(maven.resolve("dependency.jar")).exists();

    caches.release("octo/busy");
    assertThat(root.resolve("octo--busy")).doesNotExist();
  }

  @Test
  void aBoundOfZeroKeepsNothing() {
    assertThat(new DependencyCaches(root, 0).acquire("octo/hello")).isEmpty();
    assertThat(root).isEmptyDirectory();
  }

  /** Acquires the cache, writes {@code bytes} into its Maven store and backdates its use. */
  private void fill(DependencyCaches caches, String repository, int bytes, Instant used)
      throws IOException {
    Path maven = caches.acquire(repository).keySet().iterator().next();
    Files.write(maven.resolve("dependency.jar"), new byte[bytes]);
    Path marker = maven.getParent().resolve(".last-used");
    Files.setLastModifiedTime(marker, FileTime.from(used));
    caches.release(repository);
    Files.setLastModifiedTime(marker, FileTime.from(used));
  }
}
