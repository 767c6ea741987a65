package dev.kaka.worker.git;

import dev.kaka.common.event.RepositoryRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache.FileKey;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bare mirror per repository, {@code <root>/<owner>/<name>.git}, holding every branch of the
 * remote (including earlier {@code kaka/*} ones, so a redelivered task can see its own push). The
 * first task for a repository clones it; later tasks only fetch what is new. Tasks that ask while
 * another one fetches share a single fetch after it, instead of each fetching in turn.
 */
final class MirrorCache {

  private static final Logger log = LoggerFactory.getLogger(MirrorCache.class);

  /**
   * GitHub's characters for owner and repository names; anything else could leave the cache root.
   */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /**
   * Branches only: tags are not needed to start a branch, and GitHub's refs/pull/* would be huge.
   */
  private static final List<RefSpec> BRANCHES = List.of(new RefSpec("+refs/heads/*:refs/heads/*"));

  private static final String PARTIAL_CLONE = ".partial-";

  /**
   * In the mirror: when its last successful clone or fetch started (epoch milliseconds). All
   * worker processes on a host share the mirror and the clock, so any of them can tell whether a
   * fetch began after it asked for one.
   */
  private static final String LAST_FETCH = "kaka-last-fetch";

  private final Path root;
  private final GitFailures failures;

  MirrorCache(Path root, GitFailures failures) {
    this.root = root.toAbsolutePath().normalize();
    this.failures = failures;
  }

  /**
   * Clones or fetches the mirror, one thread or process at a time, and returns its branch heads.
   */
  MirrorState refresh(RepositoryRef repository, Remote remote) {
    Path mirror = mirrorOf(repository);
    try {
      Directories.createOwnerOnly(mirror.getParent());
    } catch (IOException e) {
      throw failures.local("create the repository cache directory " + mirror.getParent(), e);
    }
    long asked = System.currentTimeMillis();
    try (MirrorLock lock = MirrorLock.acquire(mirror)) {
      boolean cached = FileKey.isGitRepository(mirror.toFile(), FS.DETECTED);
      if (cached && lastFetchStarted(mirror) > asked) {
        // a fetch that began after this task asked has completed: it is as fresh as our own
        log.info("{} was fetched into {} while this task waited", remote.url(), mirror);
        return new MirrorState(mirror, branchHeads(mirror));
      }
      long started = System.currentTimeMillis();
      long start = System.nanoTime();
      try {
        if (cached) {
          fetch(mirror, remote);
        } else {
          cloneInto(mirror, remote, repository.defaultBranch());
        }
      } catch (GitAPIException | IOException e) {
        throw failures.remote(cached ? "fetch" : "clone", remote.url(), GitFailures.Access.READ, e);
      }
      Files.writeString(mirror.resolve(LAST_FETCH), Long.toString(started));
      log.info(
          "{} {} into {} in {} ms",
          cached ? "Fetched" : "Cloned",
          remote.url(),
          mirror,
          (System.nanoTime() - start) / 1_000_000);
      return new MirrorState(mirror, branchHeads(mirror));
    } catch (IOException e) {
      throw failures.local("use the repository cache at " + mirror, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.failure(
          "Interrupted while waiting for the repository cache at " + mirror, true);
    }
  }

  /** When the mirror's last successful fetch started, or 0 if that is not known. */
  private static long lastFetchStarted(Path mirror) {
    try {
      return Long.parseLong(Files.readString(mirror.resolve(LAST_FETCH)).strip());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private Path mirrorOf(RepositoryRef repository) {
    // GitHub names are case-insensitive: "Octo/Repo" and "octo/repo" must share one mirror
    return root.resolve(pathSegment(repository.owner(), repository))
        .resolve(pathSegment(repository.name(), repository) + Constants.DOT_GIT_EXT);
  }

  private String pathSegment(String name, RepositoryRef repository) {
    if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw failures.failure(
          "'" + repository.fullName() + "' is not a valid GitHub repository name", false);
    }
    return name.toLowerCase(Locale.ROOT);
  }

  private void fetch(Path mirror, Remote remote) throws GitAPIException, IOException {
    try (Git git = Git.open(mirror.toFile())) {
      fetch(git, remote);
    }
  }

  private static void fetch(Git git, Remote remote) throws GitAPIException {
    remote
        .authorize(git.fetch())
        .setRemote(remote.url())
        .setRefSpecs(BRANCHES)
        .setTagOpt(TagOpt.NO_TAGS)
        .setRemoveDeletedRefs(true)
        .call();
  }

  /**
   * Clones next to the final place and renames when complete, so a crash mid-clone never leaves a
   * half-filled mirror that later tasks would take for a good one.
   */
  private void cloneInto(Path mirror, Remote remote, String defaultBranch)
      throws GitAPIException, IOException {
    deleteAbandonedClones(mirror);
    Path partial = mirror.resolveSibling(mirror.getFileName() + PARTIAL_CLONE + UUID.randomUUID());
    try {
      try (Git git =
          Git.init()
              .setBare(true)
              .setDirectory(partial.toFile())
              .setInitialBranch(defaultBranch)
              .call()) {
        StoredConfig config = git.getRepository().getConfig();
        // JGit may gc after a fetch; it must happen inside the mirror lock, not in a background
        // thread that races the next task's fetch.
        config.setBoolean("gc", null, "autoDetach", false);
        config.save();
        fetch(git, remote);
      }
      Files.move(partial, mirror, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Directories.deleteRecursively(partial);
    }
  }

  /** Partial clones of processes killed while cloning; safe to delete because we hold the lock. */
  private static void deleteAbandonedClones(Path mirror) throws IOException {
    String prefix = mirror.getFileName() + PARTIAL_CLONE;
    try (Stream<Path> siblings = Files.list(mirror.getParent())) {
      for (Path partial :
          siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        Directories.deleteRecursively(partial);
      }
    }
  }

  private static Map<String, ObjectId> branchHeads(Path mirror) throws IOException {
    try (Repository repository =
        new FileRepositoryBuilder().setGitDir(mirror.toFile()).setMustExist(true).build()) {
      Map<String, ObjectId> heads = new HashMap<>();
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
        heads.put(ref.getName().substring(Constants.R_HEADS.length()), ref.getObjectId());
      }
      return heads;
    }
  }
}
