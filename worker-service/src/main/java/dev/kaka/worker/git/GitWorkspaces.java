package dev.kaka.worker.git;

import dev.kaka.common.event.RepositoryRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CreateBranchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates per-task {@link Workspace}s from the mirror cache and removes those a killed worker left.
 * Thread-safe; one instance serves all worker threads.
 */
public final class GitWorkspaces {

  private static final Logger log = LoggerFactory.getLogger(GitWorkspaces.class);

  /** A lock file without its workspace this old is left over, not one being created right now. */
  private static final Duration ORPHAN_LOCK_AGE = Duration.ofMinutes(10);

  private final Path root;
  private final GitCredentials credentials;
  private final Duration timeout;
  private final GitFailures failures;
  private final MirrorCache mirrors;

  public GitWorkspaces(GitProperties properties, GitCredentials credentials) {
    this.root = properties.workspaceDir().toAbsolutePath().normalize();
    this.credentials = credentials;
    this.timeout = properties.networkTimeout();
    this.failures = new GitFailures(credentials);
    this.mirrors = new MirrorCache(properties.cacheDir(), failures);
  }

  /**
   * Brings the repository's mirror up to date with the remote and creates a fresh working copy with
   * {@code branch} checked out at the remote default branch's head. The working copy borrows the
   * mirror's objects (git alternates) instead of copying them, and its {@code origin} is the clone
   * URL without credentials.
   *
   * @throws GitOperationException if the repository cannot be fetched or the workspace not created
   */
  public Workspace create(RepositoryRef repository, String branch) {
    if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw failures.failure("'" + branch + "' is not a valid git branch name", false);
    }
    Remote remote = Remote.of(repository.cloneUrl(), credentials, timeout);
    if (!remote.url().equals(repository.cloneUrl())) {
      log.warn("Ignoring credentials in the clone URL of {}; tokens come from kaka.github.token",
          repository.fullName());
    }
    MirrorState mirror = mirrors.refresh(repository, remote);
    ObjectId base = mirror.branch(repository.defaultBranch()).orElseThrow(() -> failures.failure(
        "Could not start work on " + remote.url() + ": it has no branch '" + repository.defaultBranch()
            + "'. Is the repository empty, or was its default branch renamed?", false));
    Path directory = root.resolve(directoryName(repository));
    try {
      Directories.createOwnerOnly(root);
      WorkspaceLock lock = WorkspaceLock.create(directory);
      try {
        Directories.createNewOwnerOnly(directory);
        Workspace workspace = new Workspace(checkOut(directory, mirror, repository, remote, branch, base),
            branch, base, remote, failures, lock);
        log.info("Created workspace {} on {} at {} of {}", directory, branch, base.name(), remote.url());
        return workspace;
      } catch (GitAPIException | IOException | RuntimeException e) {
        discard(directory, lock, e);
        throw e;
      }
    } catch (GitAPIException | IOException e) {
      throw failures.local("create a workspace for " + remote.url() + " in " + root, e);
    }
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
      removeIfOrphan(entry, entry.resolveSibling(name.substring(0, name.length() - WorkspaceLock.SUFFIX.length())));
      return false;
    }
    Optional<WorkspaceLock> lock = WorkspaceLock.takeOverAbandoned(entry);
    if (lock.isEmpty()) {
      return false;
    }
    Directories.deleteRecursively(entry);
    lock.get().deleteAndRelease();
    return true;
  }

  /**
   * A lock file whose workspace is gone: left by a crash between deleting the two, unless it is brand
   * new, when its workspace may be about to be created.
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

  /** Unique, and readable in a directory listing: {@code octo-hello-world-1a2b3c4d5e6f}. */
  private static String directoryName(RepositoryRef repository) {
    String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return (repository.owner() + "-" + repository.name() + "-" + random).toLowerCase(Locale.ROOT);
  }

  private static Git checkOut(Path directory, MirrorState mirror, RepositoryRef repository, Remote remote,
      String branch, ObjectId base) throws GitAPIException, IOException {
    Git git = Git.init().setDirectory(directory.toFile()).call();
    try {
      Repository workspace = git.getRepository();
      // Reading objects through the mirror copies nothing; a clone from the mirror copied the whole
      // object database (seconds for a mid-sized repository), a fetch from it walked all history.
      Path alternates = workspace.getDirectory().toPath().resolve("objects/info/alternates");
      Files.createDirectories(alternates.getParent());
      Files.writeString(alternates, mirror.objectsDirectory() + "\n");
      setRemoteTracking(workspace, repository.defaultBranch(), base);
      Optional<ObjectId> previousPush = mirror.branch(branch);
      if (previousPush.isPresent()) {
        setRemoteTracking(workspace, branch, previousPush.get());
      }
      configureOrigin(workspace, remote.url());
      git.checkout()
          .setCreateBranch(true)
          .setName(branch)
          .setStartPoint(base.name())
          .setUpstreamMode(CreateBranchCommand.SetupUpstreamMode.NOTRACK)
          .call();
      return git;
    } catch (GitAPIException | IOException | RuntimeException e) {
      git.close();
      throw e;
    }
  }

  /** What a fetch from origin would have recorded, taken straight from the freshly fetched mirror. */
  private static void setRemoteTracking(Repository workspace, String branch, ObjectId id) throws IOException {
    RefUpdate update = workspace.updateRef(Workspace.remoteTracking(branch));
    update.setNewObjectId(id);
    RefUpdate.Result result = update.forceUpdate();
    if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED) {
      throw new IOException("Could not set " + update.getName() + ": " + result);
    }
  }

  private static void configureOrigin(Repository workspace, String url) throws IOException {
    StoredConfig config = workspace.getConfig();
    try {
      RemoteConfig origin = new RemoteConfig(config, Workspace.ORIGIN);
      origin.addURI(new URIish(url));
      origin.addFetchRefSpec(new RefSpec("+" + Constants.R_HEADS + "*:" + Workspace.remoteTracking("*")));
      origin.update(config);
    } catch (URISyntaxException e) {
      throw new IOException("Not a git URL: " + url, e);
    }
    config.save();
  }
}
