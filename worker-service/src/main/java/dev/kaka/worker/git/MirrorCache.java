package dev.kaka.worker.git;

import dev.kaka.common.event.RepositoryRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
 * One bare mirror per repository, {@code <root>/<owner>/<name>.git}, holding the branches tasks
 * started from or worked on. The first task for a repository clones it; later tasks only fetch what
 * is new, and only of the branches they need: the one they start from and their own (so a
 * redelivered task sees its own push). Git protocol v2 lets the remote list just those, so a fetch
 * costs the same whether the repository has ten branches or ten thousand.
 */
final class MirrorCache {

  private static final Logger log = LoggerFactory.getLogger(MirrorCache.class);

  private static final String PARTIAL_CLONE = ".partial-";
  private static final String PROTOCOL = "protocol";
  private static final String VERSION = "version";

  private final Path root;

  MirrorCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * Clones or fetches the mirror, one thread or process at a time, and returns the heads of {@code
   * branches} as the remote has them (those it does not have are missing).
   */
  MirrorState refresh(RepositoryRef repository, Remote remote, Collection<String> branches) {
    List<RefSpec> refSpecs = refSpecs(branches);
    GitFailures failures = remote.failures();
    Path mirror = mirrorOf(repository, failures);
    try {
      Directories.createOwnerOnly(mirror.getParent());
    } catch (IOException e) {
      throw failures.local("create the repository cache directory " + mirror.getParent(), e);
    }
    try (MirrorLock lock = MirrorLock.acquire(mirror)) {
      boolean cached = FileKey.isGitRepository(mirror.toFile(), FS.DETECTED);
      long start = System.nanoTime();
      for (int attempt = 1; ; attempt++) {
        try {
          if (cached) {
            fetch(mirror, remote, refSpecs);
          } else {
            cloneInto(mirror, remote, repository.defaultBranch(), refSpecs);
          }
          break;
        } catch (GitAPIException | IOException e) {
          if (attempt > 1 || !remote.renewsRefusedToken(e)) {
            String action = cached ? "fetch" : "clone";
            throw failures.remote(action, remote.url(), GitFailures.Access.READ, e);
          }
        }
      }
      log.info(
          "{} {} into {} in {} ms",
          cached ? "Fetched" : "Cloned",
          remote.url(),
          mirror,
          (System.nanoTime() - start) / 1_000_000);
      return new MirrorState(mirror, branchHeads(mirror, branches));
    } catch (IOException e) {
      throw failures.local("use the repository cache at " + mirror, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.failure(
          "Interrupted while waiting for the repository cache at " + mirror, true);
    }
  }

  private Path mirrorOf(RepositoryRef repository, GitFailures failures) {
    // GitHub names are case-insensitive: "Octo/Repo" and "octo/repo" must share one mirror
    return root.resolve(pathSegment(repository.owner(), repository, failures))
        .resolve(pathSegment(repository.name(), repository, failures) + Constants.DOT_GIT_EXT);
  }

  private static String pathSegment(String name, RepositoryRef repository, GitFailures failures) {
    // anything else could leave the cache root
    if (!RemoteUrlTemplate.isValidName(name)) {
      throw failures.failure(
          "'" + repository.fullName() + "' is not a valid GitHub repository name", false);
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * A pattern per branch: unlike the exact name, it is no error when the remote lacks the branch (a
   * new task's), and a branch deleted there is deleted here too. JGit's {@code *} stands for one
   * character or more, so it takes the place of the name's last character: {@code refs/heads/mai*}
   * for {@code main}. Branches whose names merely start the same come along; they do no harm. No
   * tags: they are not needed to start a branch.
   */
  private static List<RefSpec> refSpecs(Collection<String> branches) {
    return branches.stream()
        .distinct()
        .map(branch -> Constants.R_HEADS + branch.substring(0, branch.length() - 1) + "*")
        .map(pattern -> new RefSpec("+" + pattern + ":" + pattern))
        .toList();
  }

  private void fetch(Path mirror, Remote remote, List<RefSpec> refSpecs)
      throws GitAPIException, IOException {
    try (Git git = Git.open(mirror.toFile())) {
      StoredConfig config = git.getRepository().getConfig();
      if (config.getInt(PROTOCOL, null, VERSION, 0) != 2) {
        // mirrors cloned before Kaka asked for protocol v2
        config.setInt(PROTOCOL, null, VERSION, 2);
        config.save();
      }
      fetch(git, remote, refSpecs);
    }
  }

  private static void fetch(Git git, Remote remote, List<RefSpec> refSpecs) throws GitAPIException {
    remote
        .authorize(git.fetch())
        .setRemote(remote.url())
        .setRefSpecs(refSpecs)
        .setTagOpt(TagOpt.NO_TAGS)
        .setRemoveDeletedRefs(true)
        .call();
  }

  /**
   * Clones next to the final place and renames when complete, so a crash mid-clone never leaves a
   * half-filled mirror that later tasks would take for a good one.
   */
  private void cloneInto(Path mirror, Remote remote, String defaultBranch, List<RefSpec> refSpecs)
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
        // the remote then lists only the branches asked for, not all of them
        config.setInt(PROTOCOL, null, VERSION, 2);
        config.save();
        fetch(git, remote, refSpecs);
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

  /** The heads of {@code branches} just fetched; other branches in the mirror may be stale. */
  private static Map<String, ObjectId> branchHeads(Path mirror, Collection<String> branches)
      throws IOException {
    try (Repository repository =
        new FileRepositoryBuilder().setGitDir(mirror.toFile()).setMustExist(true).build()) {
      Map<String, ObjectId> heads = new HashMap<>();
      for (String branch : branches) {
        Ref ref = repository.exactRef(Constants.R_HEADS + branch);
        if (ref != null) {
          heads.put(branch, ref.getObjectId());
        }
      }
      return heads;
    }
  }
}
