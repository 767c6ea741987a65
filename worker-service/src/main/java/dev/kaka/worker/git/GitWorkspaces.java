package dev.kaka.worker.git;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.git.BranchNameRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates per-task {@link Workspace}s from the mirror cache, reusing the working trees of finished
 * tasks where it can ({@code kaka.git.idle-workspaces}), and removes those a killed worker left. A
 * mirror cloned shallow for a repository's first task has its history filled in the background
 * ({@code kaka.git.mirror-history}), one repository at a time. Thread-safe; one instance serves all
 * worker threads. Close it to delete the idle trees and stop filling.
 */
public final class GitWorkspaces implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GitWorkspaces.class);

  /** A lock file without its workspace this old is left over, not one being created right now. */
  private static final Duration ORPHAN_LOCK_AGE = Duration.ofMinutes(10);

  private final Path root;
  private final GitProperties properties;
  private final GitCredentials credentials;
  private final Duration timeout;
  private final GitFailures failures = GitFailures.WITHOUT_SECRETS;
  private final MirrorCache mirrors;
  private final WorkspacePool pool;
  private final Executor fills;

  /** The thread {@link #fills} runs on when this instance made it, to stop on {@link #close}. */
  private final ExecutorService ownFillThread;

  /** Mirrors with a fill queued or running. */
  private final Set<Path> filling = ConcurrentHashMap.newKeySet();

  public GitWorkspaces(GitProperties properties, GitCredentials credentials) {
    this(properties, credentials, fillThread());
  }

  /**
   * Like {@link #GitWorkspaces(GitProperties, GitCredentials)}, with mirrors filled by {@code
   * fills}, which stays the caller's: it can wait for them, and share it among instances.
   */
  public GitWorkspaces(GitProperties properties, GitCredentials credentials, Executor fills) {
    this(properties, credentials, fills, null);
  }

  private GitWorkspaces(
      GitProperties properties, GitCredentials credentials, ExecutorService fills) {
    this(properties, credentials, fills, fills);
  }

  private GitWorkspaces(
      GitProperties properties,
      GitCredentials credentials,
      Executor fills,
      ExecutorService ownFillThread) {
    this.root = properties.workspaceDir().toAbsolutePath().normalize();
    this.properties = properties;
    this.credentials = credentials;
    this.timeout = properties.networkTimeout();
    this.mirrors = new MirrorCache(properties.cacheDir(), properties.mirrorHistory());
    this.pool = new WorkspacePool(properties.idleWorkspaces());
    this.fills = fills;
    this.ownFillThread = ownFillThread;
  }

  /** One thread, only while there is a mirror to fill: fills share the network and the disk. */
  private static ExecutorService fillThread() {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1,
            1,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "mirror-fill");
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * Brings the repository's mirror up to date with the remote and creates a fresh working copy with
   * {@code branch} checked out at the remote default branch's head. The working copy borrows the
   * mirror's objects (git alternates) instead of copying them, and its {@code origin} is the
   * repository's URL as {@code kaka.git.remote-url} makes it from the owner and name; the payload's
   * clone URL is not used. It may be the tree of an earlier task on the repository, reset: then
   * nothing of that task is left in it (see {@link WorkspaceCheckout#reuse}).
   *
   * @throws GitOperationException if the repository cannot be fetched or the workspace not created
   */
  public Workspace create(RepositoryRef repository, String branch) {
    return create(repository, branch, repository.defaultBranch());
  }

  /**
   * Like {@link #create}, but {@code branch} continues from its own head on the remote: for more
   * work on a pull request's branch. The files that steer the agent are those of {@code
   * baseBranch}, the branch the pull request goes to, for the agent to read; the commit keeps the
   * branch's own (see {@link SteeringFiles}).
   *
   * @throws GitOperationException if the remote has no such branch, or no {@code baseBranch}
   */
  public Workspace continueBranch(RepositoryRef repository, String branch, String baseBranch) {
    return create(repository, branch, branch, baseBranch);
  }

  /**
   * Like {@link #create(RepositoryRef, String)}, with {@code branch} starting at the remote's
   * branch {@code startFrom}.
   *
   * @throws GitOperationException if the remote has no branch {@code startFrom}
   */
  public Workspace create(RepositoryRef repository, String branch, String startFrom) {
    return create(repository, branch, startFrom, null);
  }

  /** {@code steeringFrom}: the branch whose steering files the agent reads, null for its own. */
  private Workspace create(
      RepositoryRef repository, String branch, String startFrom, String steeringFrom) {
    if (!BranchNameRule.isValid(branch)) {
      throw failures.failure("'" + branch + "' is not a valid git branch name", false);
    }
    Remote remote = remoteOf(repository);
    List<String> fetched =
        steeringFrom == null
            ? List.of(startFrom, branch)
            : List.of(startFrom, branch, steeringFrom);
    MirrorState mirror = mirrors.refresh(repository, remote, fetched);
    ObjectId base =
        mirror
            .branch(startFrom)
            .orElseThrow(
                () ->
                    startFrom.equals(branch)
                        ? remote
                            .failures()
                            .failure(
                                "Could not continue branch '"
                                    + branch
                                    + "' of "
                                    + remote.url()
                                    + ": it is gone. Was the pull request merged or its branch deleted?",
                                false)
                        : noDefaultBranch(remote, startFrom));
    ObjectId steering =
        steeringFrom == null
            ? null
            : mirror.branch(steeringFrom).orElseThrow(() -> noDefaultBranch(remote, steeringFrom));
    Workspace workspace = checkOutOrReuse(repository, mirror, startFrom, branch, base, remote);
    // after the checkout, so that filling does not slow down the task that is about to start
    fillInBackground(repository, mirror);
    if (steering != null) {
      try {
        workspace.takeSteeringFilesFrom(steering);
      } catch (IOException | RuntimeException e) {
        workspace.close();
        throw remote
            .failures()
            .local(
                "take the agent's configuration from " + steeringFrom + " of " + remote.url(), e);
      }
    }
    return workspace;
  }

  private Workspace checkOutOrReuse(
      RepositoryRef repository,
      MirrorState mirror,
      String startFrom,
      String branch,
      ObjectId base,
      Remote remote) {
    Optional<CheckedOutTree> idle = pool.take(mirror.gitDirectory());
    if (idle.isPresent()) {
      Optional<Workspace> reused = reuse(idle.get(), mirror, startFrom, branch, base, remote);
      if (reused.isPresent()) {
        return reused.get();
      }
    }
    return checkOut(repository, mirror, startFrom, branch, base, remote);
  }

  /**
   * Queues the fetch of the mirror's whole history unless it has it, is to stay shallow or is
   * queued already. A failed fill is tried again after the next task on the repository.
   */
  private void fillInBackground(RepositoryRef repository, MirrorState mirror) {
    Path mirrorDirectory = mirror.gitDirectory();
    if (!mirror.shallow()
        || properties.mirrorHistory() == GitProperties.MirrorHistory.SHALLOW
        || !filling.add(mirrorDirectory)) {
      return;
    }
    try {
      fills.execute(() -> fill(repository, mirrorDirectory));
    } catch (RejectedExecutionException e) {
      // closing: the next worker fills it
      filling.remove(mirrorDirectory);
    }
  }

  private void fill(RepositoryRef repository, Path mirrorDirectory) {
    try {
      mirrors.fill(repository, remoteOf(repository));
    } catch (GitOperationException e) {
      log.warn("Could not fill the history of {}: {}", mirrorDirectory, e.getMessage());
    } finally {
      filling.remove(mirrorDirectory);
    }
  }

  /**
   * The URL Kaka built for the repository; the owner and name must each be one GitHub name, so that
   * together they name exactly the repository {@code fullName()} says, and nothing else.
   */
  private Remote remoteOf(RepositoryRef repository) {
    if (!RemoteUrlTemplate.isValidName(repository.owner())
        || !RemoteUrlTemplate.isValidName(repository.name())) {
      throw failures.failure(
          "'" + repository.fullName() + "' is not a valid GitHub repository name", false);
    }
    String url = properties.remoteUrlOf(repository.owner(), repository.name());
    return new Remote(
        url, credentials.forRepository(repository.owner(), repository.name()), timeout);
  }

  private Workspace checkOut(
      RepositoryRef repository,
      MirrorState mirror,
      String startFrom,
      String branch,
      ObjectId base,
      Remote remote) {
    Path directory = root.resolve(directoryName(repository));
    try {
      Directories.createOwnerOnly(root);
      WorkspaceLock lock = WorkspaceLock.create(directory);
      try {
        Directories.createNewOwnerOnly(directory);
        long start = System.nanoTime();
        Git git =
            WorkspaceCheckout.create(directory, mirror, startFrom, branch, base, remote.url());
        try {
          Workspace workspace = workspace(git, branch, base, remote, lock, mirror);
          log.info(
              "Created workspace {} on {} at {} of {} in {} ms",
              directory,
              branch,
              base.name(),
              remote.url(),
              millisSince(start));
          return workspace;
        } catch (IOException | RuntimeException e) {
          git.close();
          throw e;
        }
      } catch (GitAPIException | IOException | RuntimeException e) {
        discard(directory, lock, e);
        throw e;
      }
    } catch (GitAPIException | IOException e) {
      throw remote.failures().local("create a workspace for " + remote.url() + " in " + root, e);
    }
  }

  /** The idle tree reset for the task, or empty (and the tree deleted) if that failed. */
  private Optional<Workspace> reuse(
      CheckedOutTree tree,
      MirrorState mirror,
      String startFrom,
      String branch,
      ObjectId base,
      Remote remote) {
    long start = System.nanoTime();
    try {
      Git git = WorkspaceCheckout.reuse(tree, mirror, startFrom, branch, base, remote.url());
      try {
        Workspace workspace = workspace(git, branch, base, remote, tree.lock(), mirror);
        log.info(
            "Reused workspace {} on {} at {} of {} in {} ms",
            tree.directory(),
            branch,
            base.name(),
            remote.url(),
            millisSince(start));
        return Optional.of(workspace);
      } catch (IOException | RuntimeException e) {
        git.close();
        throw e;
      }
    } catch (GitAPIException | IOException | RuntimeException e) {
      // an agent can leave a tree that cannot be reset (a directory it made read-only, say)
      log.warn(
          "Could not reuse workspace {}; checking out a new one: {}",
          tree.directory(),
          e.toString());
      WorkspacePool.delete(tree);
      return Optional.empty();
    }
  }

  private Workspace workspace(
      Git git, String branch, ObjectId base, Remote remote, WorkspaceLock lock, MirrorState mirror)
      throws IOException {
    CheckedOutTree tree = pool.enabled() ? WorkspaceCheckout.snapshot(git, lock, mirror) : null;
    return new Workspace(git, branch, base, mirror, remote, remote.failures(), lock, pool, tree);
  }

  /**
   * Deletes the idle working trees, and stops filling mirrors unless the caller gave the executor;
   * a mirror left shallow stays usable.
   */
  @Override
  public void close() {
    if (ownFillThread != null) {
      ownFillThread.shutdownNow();
    }
    pool.close();
  }

  /**
   * Deletes workspaces whose worker is gone (killed before it could clean up), leaving those that a
   * live worker process on this host still holds. Meant to run at start-up.
   *
   * @return how many workspaces were deleted
   */
  public int removeLeftoverWorkspaces() {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        removed += removeIfAbandoned(entry) ? 1 : 0;
      }
    } catch (IOException e) {
      throw failures.local("clean up the workspace directory " + root, e);
    }
    if (removed > 0) {
      log.info("Removed {} leftover workspaces from {}", removed, root);
    }
    return removed;
  }

  private static boolean removeIfAbandoned(Path entry) throws IOException {
    String name = entry.getFileName().toString();
    if (name.endsWith(WorkspaceLock.SUFFIX)) {
      String workspace = name.substring(0, name.length() - WorkspaceLock.SUFFIX.length());
      removeIfOrphan(entry, entry.resolveSibling(workspace));
      return false;
    }
    if (name.endsWith(CommitRepository.SUFFIX)) {
      // it goes with its workspace, whose lock guards both
      String workspace = name.substring(0, name.length() - CommitRepository.SUFFIX.length());
      if (!Files.exists(entry.resolveSibling(workspace))) {
        removeIfAbandoned(entry.resolveSibling(workspace));
      }
      return false;
    }
    Optional<WorkspaceLock> lock = WorkspaceLock.takeOverAbandoned(entry);
    if (lock.isEmpty()) {
      return false;
    }
    Directories.deleteRecursively(CommitRepository.directoryOf(entry));
    Directories.deleteRecursively(entry);
    lock.get().deleteAndRelease();
    return true;
  }

  /**
   * A lock file whose workspace is gone: left by a crash between deleting the two, unless it is
   * brand new, when its workspace may be about to be created.
   */
  private static void removeIfOrphan(Path lockFile, Path workspace) throws IOException {
    try {
      FileTime cutoff = FileTime.from(Instant.now().minus(ORPHAN_LOCK_AGE));
      if (Files.exists(workspace) || Files.getLastModifiedTime(lockFile).compareTo(cutoff) > 0) {
        return;
      }
    } catch (NoSuchFileException e) {
      return;
    }
    Optional<WorkspaceLock> lock = WorkspaceLock.takeOverAbandoned(workspace);
    if (lock.isPresent()) {
      lock.get().deleteAndRelease();
    }
  }

  private GitOperationException noDefaultBranch(Remote remote, String defaultBranch) {
    String reason =
        "Could not start work on %s: it has no branch '%s'. Is the repository empty, or was its"
            + " default branch renamed?";
    return remote.failures().failure(reason.formatted(remote.url(), defaultBranch), false);
  }

  private static void discard(Path directory, WorkspaceLock lock, Exception failure) {
    try {
      Directories.deleteRecursively(directory);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    try {
      lock.deleteAndRelease();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Unique, and readable in a directory listing: {@code octo-hello-world-1a2b3c4d5e6f}. */
  private static String directoryName(RepositoryRef repository) {
    String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return (repository.owner() + "-" + repository.name() + "-" + random).toLowerCase(Locale.ROOT);
  }
}
