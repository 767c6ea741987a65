package dev.kaka.worker.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's working copy: a branch started at the remote default branch's head, where the agent
 * edits files, and from which the result is committed and pushed. Use it from one thread, and close
 * it when the task is done: its tree is then deleted, or kept for a later task on the repository.
 */
public final class Workspace implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Workspace.class);

  static final String ORIGIN = "origin";

  private final Git git;
  private final Path directory;
  private final String branch;
  private final ObjectId base;
  private final Remote remote;
  private final GitFailures failures;
  private final WorkspaceLock lock;
  private final WorkspacePool pool;
  /** How Kaka checked the tree out, for the pool; null when the pool keeps no trees. */
  private final CheckedOutTree checkedOut;
  private boolean closed;

  Workspace(
      Git git,
      String branch,
      ObjectId base,
      Remote remote,
      GitFailures failures,
      WorkspaceLock lock,
      WorkspacePool pool,
      CheckedOutTree checkedOut) {
    this.git = git;
    this.directory = git.getRepository().getWorkTree().toPath();
    this.branch = branch;
    this.base = base;
    this.remote = remote;
    this.failures = failures;
    this.lock = lock;
    this.pool = pool;
    this.checkedOut = checkedOut;
  }

  /** The working tree, where the agent works. */
  public Path directory() {
    return directory;
  }

  /** The branch that is checked out and that {@link #commitAll} commits to. */
  public String branch() {
    return branch;
  }

  /** The commit the branch started from: the remote default branch's head when the task began. */
  public String baseCommit() {
    return base.name();
  }

  /**
   * Every path whose content differs from the base commit: added, modified, deleted and untracked
   * files, repo-relative and sorted. Files that git ignores are not listed; neither are empty
   * directories, which git does not track. Commits the agent made itself count as changes too.
   */
  public List<String> changedFiles() {
    try {
      IndexDiff diff =
          new IndexDiff(git.getRepository(), base, new FileTreeIterator(git.getRepository()));
      diff.diff();
      SortedSet<String> paths = new TreeSet<>();
      paths.addAll(diff.getAdded());
      paths.addAll(diff.getChanged());
      paths.addAll(diff.getRemoved());
      paths.addAll(diff.getMissing());
      paths.addAll(diff.getModified());
      paths.addAll(diff.getUntracked());
      paths.addAll(diff.getConflicting());
      return List.copyOf(paths);
    } catch (IOException e) {
      throw failures.local("list the changes in " + directory, e);
    }
  }

  /**
   * The remote branch's head commit if it carries the trailer {@code Kaka-Task-Id: <taskId>}, i.e.
   * this task was pushed before and is being delivered again. Reflects the remote when the
   * workspace was created.
   */
  public Optional<String> existingTaskCommit(String taskId) {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      Ref remoteBranch = git.getRepository().exactRef(remoteTracking(branch));
      if (remoteBranch == null) {
        return Optional.empty();
      }
      RevCommit head = walk.parseCommit(remoteBranch.getObjectId());
      return TaskTrailer.marks(head, taskId) ? Optional.of(head.name()) : Optional.empty();
    } catch (IOException e) {
      throw failures.local("read branch " + branch + " in " + directory, e);
    }
  }

  /**
   * The paths a commit changes relative to where it meets the default branch, as a pull request
   * would show them; for a commit from {@link #existingTaskCommit}.
   */
  /**
   * The changed files that contain the token Kaka pushes with: an agent that can read the worker's
   * process or files could copy it into its change, and a pushed token is a leaked token.
   */
  public List<String> changedFilesContainingToken() {
    String token = remote.credentials().secret();
    if (token.isEmpty()) {
      return List.of();
    }
    byte[] needle = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<String> leaking = new java.util.ArrayList<>();
    for (String path : changedFiles()) {
      Path file = directory.resolve(path);
      try {
        if (java.nio.file.Files.isRegularFile(file)
            && contains(java.nio.file.Files.readAllBytes(file), needle)) {
          leaking.add(path);
        }
      } catch (IOException e) {
        throw failures.local("read " + path + " in " + directory, e);
      }
    }
    return leaking;
  }

  // ISO-8859-1 maps every byte to one char, so binary files are searched byte for byte
  private static boolean contains(byte[] haystack, byte[] needle) {
    return new String(haystack, java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains(new String(needle, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  public List<String> changedFilesOf(String commitId) {
    Repository repository = git.getRepository();
    try (RevWalk walk = new RevWalk(repository);
        DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      ObjectId id = repository.resolve(commitId);
      if (id == null) {
        throw failures.failure(
            "Commit " + commitId + " is not in the workspace for " + remote.url(), false);
      }
      RevCommit commit = walk.parseCommit(id);
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(commit);
      walk.markStart(walk.parseCommit(base));
      RevCommit mergeBase = walk.next();
      diff.setRepository(repository);
      SortedSet<String> paths = new TreeSet<>();
      for (DiffEntry entry :
          diff.scan(mergeBase == null ? null : mergeBase.getTree(), commit.getTree())) {
        paths.add(
            entry.getChangeType() == DiffEntry.ChangeType.DELETE
                ? entry.getOldPath()
                : entry.getNewPath());
      }
      return List.copyOf(paths);
    } catch (IOException e) {
      throw failures.local("list the changes of commit " + commitId + " in " + directory, e);
    }
  }

  /**
   * Stages everything (new, changed and deleted files, as git's ignore rules allow) and commits it
   * as author and committer. The commit's parent is always the base commit, so the branch holds
   * exactly one commit whatever the agent did with HEAD; that is what a redelivery looks for.
   *
   * @return the new commit's SHA
   * @throws GitOperationException if there is nothing to commit
   */
  public String commitAll(String message, PersonIdent author) {
    Repository repository = git.getRepository();
    try {
      moveBranchToBase(repository);
      git.add().addFilepattern(".").call();
      git.add().setUpdate(true).addFilepattern(".").call();
      RevCommit commit =
          git.commit()
              .setMessage(message)
              .setAuthor(author)
              .setCommitter(author)
              .setAllowEmpty(false)
              // no hooks the agent may have written, no signing set up in a user's git config
              .setNoVerify(true)
              .setSign(false)
              .call();
      log.info("Committed {} on {} in {}", commit.name(), branch, directory);
      return commit.name();
    } catch (EmptyCommitException e) {
      String reason = "Nothing to commit in %s: the files are the same as in %s.";
      throw failures.failure(reason.formatted(directory, base.name()), false);
    } catch (GitAPIException | IOException e) {
      throw failures.local("commit in " + directory, e);
    }
  }

  /**
   * Force-pushes the local branch to the same name on origin, which replaces an earlier attempt of
   * the same task. Every ref update is checked: a hook or branch protection rejects without an
   * exception.
   */
  public void push(String branchName) {
    String ref = Constants.R_HEADS + branchName;
    try {
      if (git.getRepository().exactRef(ref) == null) {
        String reason =
            "Could not push branch %s to %s: the workspace has no such branch; commit first.";
        throw failures.failure(reason.formatted(branchName, remote.url()), false);
      }
      Iterable<PushResult> results =
          remote
              .authorize(git.push())
              .setRemote(ORIGIN)
              .setRefSpecs(new RefSpec("+" + ref + ":" + ref))
              .call();
      for (PushResult result : results) {
        for (RemoteRefUpdate update : result.getRemoteUpdates()) {
          requireAccepted(branchName, update);
        }
      }
      log.info("Pushed {} to {}", branchName, remote.url());
    } catch (GitAPIException | IOException e) {
      String action = "push branch " + branchName + " to";
      throw failures.remote(action, remote.url(), GitFailures.Access.WRITE, e);
    }
  }

  /**
   * Hands the working copy back: it is kept for a later task on the repository, or deleted. Never
   * fails, so that cleaning up never fails a task whose work was pushed; whatever is left, the
   * janitor removes at the next start.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    git.close();
    if (checkedOut != null) {
      pool.release(checkedOut);
    } else {
      WorkspacePool.delete(directory, lock);
    }
  }

  static String remoteTracking(String branchName) {
    return Constants.R_REMOTES + ORIGIN + "/" + branchName;
  }

  /**
   * Puts HEAD back on our branch at the base commit, keeping index and working tree as they are.
   */
  private void moveBranchToBase(Repository repository) throws IOException {
    RefUpdate branchUpdate = repository.updateRef(Constants.R_HEADS + branch);
    branchUpdate.setNewObjectId(base);
    requireUpdated(branchUpdate.forceUpdate(), Constants.R_HEADS + branch);
    requireUpdated(
        repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch), Constants.HEAD);
  }

  private void requireUpdated(RefUpdate.Result result, String ref) {
    switch (result) {
      case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
      default ->
          throw failures.failure(
              "Could not commit in %s: updating %s failed (%s).".formatted(directory, ref, result),
              result == RefUpdate.Result.LOCK_FAILURE);
    }
  }

  private void requireAccepted(String branchName, RemoteRefUpdate update) {
    String prefix = "Could not push branch " + branchName + " to " + remote.url() + ": ";
    String detail = update.getMessage() == null ? "" : " (" + update.getMessage() + ")";
    String reason;
    boolean retryable = false;
    switch (update.getStatus()) {
      case OK, UP_TO_DATE -> {
        return;
      }
      case REJECTED_NONFASTFORWARD ->
          reason =
              "the remote refused to overwrite the branch%s. Allow force pushes to %s, or exempt it"
                      .formatted(detail, branchName)
                  + " from branch protection.";
      case REJECTED_OTHER_REASON ->
          reason =
              "rejected by the remote%s. Check branch protection rules and the token's permissions"
                      .formatted(detail)
                  + " (pushing workflow files needs the workflows permission).";
      case REJECTED_REMOTE_CHANGED -> {
        reason = "the branch changed on the remote during the push%s.".formatted(detail);
        retryable = true;
      }
      default -> {
        reason =
            "the remote did not confirm the update (%s)%s.".formatted(update.getStatus(), detail);
        retryable = true;
      }
    }
    throw failures.failure(prefix + reason, retryable);
  }
}
