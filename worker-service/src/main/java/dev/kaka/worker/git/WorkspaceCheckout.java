package dev.kaka.worker.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * Turns an empty directory, or the tree of a finished task, into a working copy that borrows its
 * objects from a mirror (git alternates) and looks as if it had been cloned from the real remote.
 *
 * <p>Measured on a repository of 3,000 commits, 4,000 files and an 86 MiB pack: borrowing and
 * copying the two refs takes about 10 ms; a fetch from the mirror into a borrowing repository 0.5
 * to 1.4 s, because JGit walks the whole history to check connectivity; a clone from the mirror 4
 * to 9 s and 87 MiB per task. The checkout itself (about 1 to 2 s there) is the same for all three,
 * and grows with the number of files: writing each one is what costs, so a new tree is written
 * directly ({@link FreshCheckout}). Reusing a finished task's tree ({@link #reuse}) writes only the
 * files that differ; see {@code bench/repo-cache.sh}.
 */
final class WorkspaceCheckout {

  private static final String INDEX = "index";

  private WorkspaceCheckout() {}

  /**
   * Creates the repository with {@code origin/<defaultBranch>} at {@code base}, {@code
   * origin/<branch>} where the mirror has that branch (an earlier push of the task), an {@code
   * origin} remote at {@code url} and {@code branch} checked out at {@code base}.
   */
  static Git create(
      Path directory,
      MirrorState mirror,
      String defaultBranch,
      String branch,
      ObjectId base,
      String url)
      throws GitAPIException, IOException {
    Git git = borrowing(directory, mirror, defaultBranch, branch, base, url);
    try {
      // no upstream: the branch is pushed under its own name, tracking the default branch would
      // mislead
      pointHeadAt(git.getRepository(), branch, base);
      FreshCheckout.write(git.getRepository(), base);
      return git;
    } catch (IOException | RuntimeException e) {
      git.close();
      throw e;
    }
  }

  /**
   * Takes everything of a finished task out of its tree: the whole {@code .git} (its branches,
   * commits, configuration, hooks and objects) and every file that is not as the checkout left it
   * ({@link TreeSweep}, against the checkout's index, which Kaka kept in {@code tree}). What stays
   * is the checkout's files and that index, as {@code .git/index}. Done when the task ends, so that
   * nothing an agent left (a secret it found, say) outlives its task on disk, and again before the
   * tree is reused.
   *
   * @throws IOException if the tree cannot be cleaned, e.g. because the agent deleted it
   */
  static void scrub(CheckedOutTree tree) throws IOException {
    Path directory = tree.directory();
    // the agent may have deleted its directory, put a link in its place or opened it to others
    Directories.restrictToOwner(directory);
    Path gitDirectory = directory.resolve(Constants.DOT_GIT);
    Directories.deleteRecursively(gitDirectory);
    Files.createDirectory(gitDirectory);
    Path index = gitDirectory.resolve(INDEX);
    Files.write(index, tree.index());
    TreeSweep.sweep(directory, DirCache.read(index.toFile(), FS.DETECTED), tree.checkedOutAt());
  }

  /**
   * Like {@link #create}, in the tree of a finished task instead of an empty directory: the tree is
   * {@link #scrub scrubbed}, a new repository made around it, and a hard reset to {@code base}
   * writes the files that differ from the earlier checkout. The result has exactly {@code base}'s
   * files, and nothing of the earlier task.
   */
  static Git reuse(
      CheckedOutTree previous,
      MirrorState mirror,
      String defaultBranch,
      String branch,
      ObjectId base,
      String url)
      throws GitAPIException, IOException {
    scrub(previous);
    // the new repository keeps the index the scrub left, so the reset knows what is on disk
    Git git = borrowing(previous.directory(), mirror, defaultBranch, branch, base, url);
    try {
      pointHeadAt(git.getRepository(), branch, base);
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef(base.name()).call();
      return git;
    } catch (GitAPIException | IOException | RuntimeException e) {
      git.close();
      throw e;
    }
  }

  /** What {@link #reuse} needs to know about the tree {@code git} has just checked out. */
  static CheckedOutTree snapshot(Git git, WorkspaceLock lock, MirrorState mirror)
      throws IOException {
    Repository repository = git.getRepository();
    Path index = repository.getIndexFile().toPath();
    FileTime changed =
        (FileTime) Files.getAttribute(index, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
    return new CheckedOutTree(
        repository.getWorkTree().toPath(),
        lock,
        mirror.gitDirectory(),
        Files.readAllBytes(index),
        changed);
  }

  /**
   * A new repository in {@code directory} with the mirror's objects, the remote-tracking branches
   * and origin configured, and nothing checked out.
   */
  private static Git borrowing(
      Path directory,
      MirrorState mirror,
      String defaultBranch,
      String branch,
      ObjectId base,
      String url)
      throws GitAPIException, IOException {
    Git git = Git.init().setDirectory(directory.toFile()).call();
    try {
      Repository repository = git.getRepository();
      Path alternates = repository.getDirectory().toPath().resolve("objects/info/alternates");
      Files.createDirectories(alternates.getParent());
      Files.writeString(alternates, mirror.objectsDirectory() + "\n");
      if (mirror.shallow()) {
        // else the agent's git looks for parents the mirror does not have, and fails
        repository.getObjectDatabase().setShallowCommits(mirror.shallowCommits());
      }
      setRemoteTracking(repository, defaultBranch, base);
      Optional<ObjectId> previousPush = mirror.branch(branch);
      if (previousPush.isPresent()) {
        setRemoteTracking(repository, branch, previousPush.get());
      }
      configureOrigin(repository, url);
      return git;
    } catch (IOException | RuntimeException e) {
      git.close();
      throw e;
    }
  }

  /** Creates {@code branch} at {@code base} and makes it HEAD; the files are left as they are. */
  private static void pointHeadAt(Repository repository, String branch, ObjectId base)
      throws IOException {
    RefUpdate branchRef = repository.updateRef(Constants.R_HEADS + branch);
    branchRef.setNewObjectId(base);
    requireCreated(branchRef, branchRef.forceUpdate());
    RefUpdate head = repository.updateRef(Constants.HEAD);
    requireCreated(head, head.link(Constants.R_HEADS + branch));
  }

  private static void requireCreated(RefUpdate update, RefUpdate.Result result) throws IOException {
    if (result != RefUpdate.Result.NEW
        && result != RefUpdate.Result.FORCED
        && result != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("Could not set " + update.getName() + ": " + result);
    }
  }

  /** What a fetch from origin would have recorded, taken from the freshly fetched mirror. */
  private static void setRemoteTracking(Repository repository, String branch, ObjectId id)
      throws IOException {
    RefUpdate update = repository.updateRef(Workspace.remoteTracking(branch));
    update.setNewObjectId(id);
    RefUpdate.Result result = update.forceUpdate();
    // NO_CHANGE: a branch that continues from itself is both the start point and the previous push
    if (result != RefUpdate.Result.NEW
        && result != RefUpdate.Result.FORCED
        && result != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("Could not set " + update.getName() + ": " + result);
    }
  }

  private static void configureOrigin(Repository repository, String url) throws IOException {
    StoredConfig config = repository.getConfig();
    try {
      RemoteConfig origin = new RemoteConfig(config, Workspace.ORIGIN);
      origin.addURI(new URIish(url));
      origin.addFetchRefSpec(
          new RefSpec("+" + Constants.R_HEADS + "*:" + Workspace.remoteTracking("*")));
      origin.update(config);
    } catch (URISyntaxException e) {
      throw new IOException("Not a git URL: " + url, e);
    }
    config.save();
  }
}
