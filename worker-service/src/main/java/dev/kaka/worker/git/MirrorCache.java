package dev.kaka.worker.git;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.worker.git.GitProperties.MirrorHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.FetchCommand;
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
 *
 * <p>The clone is shallow: the first task needs the commit it starts from, not the history behind
 * it, which on a large repository is most of what a full clone transfers. {@link #fill} fetches the
 * rest later, unless the mirror is to stay shallow ({@code kaka.git.mirror-history=shallow}), when
 * every fetch is shallow too.
 */
final class MirrorCache {

  private static final Logger log = LoggerFactory.getLogger(MirrorCache.class);

  /**
   * Commits per branch in a shallow fetch: the head and its parent, so that a redelivered task's
   * commit (one on top of the default branch's head when it first ran) usually meets the default
   * branch in the mirror, and its changed files can be listed.
   */
  private static final int SHALLOW_DEPTH = 2;

  private static final String PARTIAL_CLONE = ".partial-";
  private static final String PROTOCOL = "protocol";
  private static final String VERSION = "version";

  private final Path root;
  private final MirrorHistory history;

  MirrorCache(Path root, MirrorHistory history) {
    this.root = root.toAbsolutePath().normalize();
    this.history = history;
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
      // a cached mirror still shallow is being filled, or will be: it must not be cut back
      Depth depth = !cached || history == MirrorHistory.SHALLOW ? Depth.SHALLOW : Depth.ANY;
      long start = System.nanoTime();
      withTokenRenewal(
          remote,
          cached ? "fetch" : "clone",
          () -> {
            if (cached) {
              fetch(mirror, remote, refSpecs, depth);
            } else {
              cloneInto(mirror, remote, repository.defaultBranch(), refSpecs);
            }
          });
      log.info(
          "{} {} into {} in {} ms",
          cached ? "Fetched" : "Cloned (shallow)",
          remote.url(),
          mirror,
          (System.nanoTime() - start) / 1_000_000);
      return state(mirror, branches);
    } catch (IOException e) {
      throw failures.local("use the repository cache at " + mirror, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.failure(
          "Interrupted while waiting for the repository cache at " + mirror, true);
    }
  }

  /**
   * Fetches the whole history of every branch in the repository's mirror, one thread or process at
   * a time with {@link #refresh}; nothing if the mirror is gone or holds its whole history already.
   */
  void fill(RepositoryRef repository, Remote remote) {
    GitFailures failures = remote.failures();
    Path mirror = mirrorOf(repository, failures);
    try (MirrorLock lock = MirrorLock.acquire(mirror)) {
      if (!FileKey.isGitRepository(mirror.toFile(), FS.DETECTED)
          || state(mirror, List.of()).shallowCommits().isEmpty()) {
        return;
      }
      long start = System.nanoTime();
      withTokenRenewal(
          remote, "fetch", () -> fetch(mirror, remote, refSpecs(branchesOf(mirror)), Depth.FULL));
      forgetBoundary(mirror);
      log.info(
          "Filled the history of {} into {} in {} ms",
          remote.url(),
          mirror,
          (System.nanoTime() - start) / 1_000_000);
    } catch (IOException e) {
      throw failures.local("fill the repository cache at " + mirror, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.failure(
          "Interrupted while waiting for the repository cache at " + mirror, true);
    }
  }

  /** How much history a fetch brings. */
  private enum Depth {
    /** {@link #SHALLOW_DEPTH} commits per branch. */
    SHALLOW,
    /** What the remote has beyond the mirror's branches, down to the mirror's boundary. */
    ANY,
    /** The whole history: the mirror's boundary goes. */
    FULL
  }

  private interface RemoteOperation {
    void run() throws GitAPIException, IOException;
  }

  /**
   * Runs the operation, once more with a new token if the remote refused one that can be replaced.
   */
  private static void withTokenRenewal(Remote remote, String action, RemoteOperation operation) {
    for (int attempt = 1; ; attempt++) {
      try {
        operation.run();
        return;
      } catch (GitAPIException | IOException e) {
        if (attempt > 1 || !remote.renewsRefusedToken(e)) {
          throw remote.failures().remote(action, remote.url(), GitFailures.Access.READ, e);
        }
      }
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

  private void fetch(Path mirror, Remote remote, List<RefSpec> refSpecs, Depth depth)
      throws GitAPIException, IOException {
    try (Git git = Git.open(mirror.toFile())) {
      StoredConfig config = git.getRepository().getConfig();
      if (config.getInt(PROTOCOL, null, VERSION, 0) != 2) {
        // mirrors cloned before Kaka asked for protocol v2
        config.setInt(PROTOCOL, null, VERSION, 2);
        config.save();
      }
      fetch(git, remote, refSpecs, depth);
    }
  }

  private static void fetch(Git git, Remote remote, List<RefSpec> refSpecs, Depth depth)
      throws GitAPIException {
    FetchCommand fetch =
        remote
            .authorize(git.fetch())
            .setRemote(remote.url())
            .setRefSpecs(refSpecs)
            .setTagOpt(TagOpt.NO_TAGS)
            .setRemoveDeletedRefs(true);
    switch (depth) {
      case SHALLOW -> fetch.setDepth(SHALLOW_DEPTH);
      case FULL -> fetch.setUnshallow(true);
      case ANY -> {
        // the remote sends what is new, down to commits the mirror has
      }
    }
    fetch.call();
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
        fetch(git, remote, refSpecs, Depth.SHALLOW);
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

  /**
   * The heads of {@code branches} just fetched (other branches in the mirror may be stale) and the
   * mirror's history boundary.
   */
  private static MirrorState state(Path mirror, Collection<String> branches) throws IOException {
    try (Repository repository = open(mirror)) {
      Map<String, ObjectId> heads = new HashMap<>();
      for (String branch : branches) {
        Ref ref = repository.exactRef(Constants.R_HEADS + branch);
        if (ref != null) {
          heads.put(branch, ref.getObjectId());
        }
      }
      return new MirrorState(mirror, heads, repository.getObjectDatabase().getShallowCommits());
    }
  }

  /**
   * After a full fetch of every branch, the remote has sent the history behind each boundary commit
   * a branch leads to; what is left of the boundary belongs to no branch any more (one the remote
   * deleted or rewrote) and would only make the mirror look unfilled.
   */
  private static void forgetBoundary(Path mirror) throws IOException {
    try (Repository repository = open(mirror)) {
      repository.getObjectDatabase().setShallowCommits(Set.of());
    }
  }

  private static List<String> branchesOf(Path mirror) throws IOException {
    try (Repository repository = open(mirror)) {
      return repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
          .map(ref -> ref.getName().substring(Constants.R_HEADS.length()))
          .toList();
    }
  }

  private static Repository open(Path mirror) throws IOException {
    return new FileRepositoryBuilder().setGitDir(mirror.toFile()).setMustExist(true).build();
  }
}
