package dev.kaka.worker.agent.sandbox;

import dev.kaka.worker.git.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Package stores kept per repository between its tasks, so that the second task of a repository
 * does not download every dependency again. Only the stores are kept (Maven's {@code repository},
 * Gradle's {@code caches}, npm's {@code _cacache}, pip's cache), never a tool's configuration: a
 * {@code settings.xml} or {@code .npmrc} the agent writes stays in its own home and goes with it.
 * Together they stay under a size bound; the caches used longest ago go first, never one in use.
 */
public final class DependencyCaches {

  private static final Logger log = LoggerFactory.getLogger(DependencyCaches.class);

  /** Each store, by name, and where it lies under the agent's home. */
  static final Map<String, String> STORES = stores();

  private static final String LAST_USED = ".last-used";

  private final Path root;
  private final long maxBytes;
  private final Map<String, Integer> inUse = new HashMap<>();

  /**
   * @param maxBytes the bound of all repositories' caches together; 0 keeps none
   */
  public DependencyCaches(Path root, long maxBytes) {
    this.root = root;
    this.maxBytes = maxBytes;
  }

  /** Where the caches are kept: hidden from every agent but through its own mounts. */
  Path root() {
    return root;
  }

  /**
   * The repository's stores, created where missing and marked as used now.
   *
   * @return each store's directory on the worker and its place under the agent's home; empty when
   *     no cache is kept
   */
  synchronized Map<Path, String> acquire(String repository) {
    if (maxBytes <= 0) {
      return Map.of();
    }
    Path directory = directory(repository);
    try {
      Directories.createOwnerOnly(directory);
      Map<Path, String> mounts = new LinkedHashMap<>();
      for (Map.Entry<String, String> store : STORES.entrySet()) {
        Path path = directory.resolve(store.getKey());
        Files.createDirectories(path);
        mounts.put(path, store.getValue());
      }
      Path marker = directory.resolve(LAST_USED);
      if (!Files.exists(marker)) {
        Files.createFile(marker);
      }
      Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
      inUse.merge(repository(repository), 1, Integer::sum);
      return mounts;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the dependency cache " + directory, e);
    }
  }

  /** The run that acquired the repository's stores has ended: evict what is over the bound. */
  synchronized void release(String repository) {
    inUse.computeIfPresent(repository(repository), (key, count) -> count > 1 ? count - 1 : null);
    evict();
  }

  /** Deletes the caches used longest ago, not in use, until all together fit the bound. */
  synchronized void evict() {
    if (!Files.isDirectory(root)) {
      return;
    }
    try {
      List<Cache> caches = new ArrayList<>();
      try (Stream<Path> entries = Files.list(root)) {
        for (Path entry : entries.toList()) {
          caches.add(new Cache(entry, lastUsed(entry), sizeOf(entry)));
        }
      }
      long total = caches.stream().mapToLong(Cache::bytes).sum();
      caches.sort(Comparator.comparing(Cache::lastUsed));
      for (Cache cache : caches) {
        if (total <= maxBytes) {
          return;
        }
        if (!inUse.containsKey(cache.directory().getFileName().toString())) {
          Directories.deleteRecursively(cache.directory());
          total -= cache.bytes();
          log.info(
              "Evicted the dependency cache {} ({} bytes) to stay within {} bytes",
              cache.directory(),
              cache.bytes(),
              maxBytes);
        }
      }
    } catch (IOException e) {
      log.warn("Could not evict dependency caches under {}: {}", root, e.toString());
    }
  }

  private Path directory(String repository) {
    return root.resolve(repository(repository));
  }

  /** {@code owner/name} as one directory name; GitHub names are case-insensitive. */
  private static String repository(String repository) {
    return repository.toLowerCase(Locale.ROOT).replace("/", "--");
  }

  private static Instant lastUsed(Path cache) throws IOException {
    Path marker = cache.resolve(LAST_USED);
    return Files.exists(marker) ? Files.getLastModifiedTime(marker).toInstant() : Instant.EPOCH;
  }

  private static long sizeOf(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  private static Map<String, String> stores() {
    Map<String, String> stores = new LinkedHashMap<>();
    stores.put("maven", ".m2/repository");
    stores.put("gradle", ".gradle/caches");
    stores.put("npm", ".npm/_cacache");
    stores.put("pip", ".cache/pip");
    return java.util.Collections.unmodifiableMap(stores);
  }

  private record Cache(Path directory, Instant lastUsed, long bytes) {}
}
