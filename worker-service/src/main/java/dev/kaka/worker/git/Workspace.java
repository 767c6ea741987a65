package dev.kaka.worker.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's working copy: a branch started at the remote default branch's head, where the agent
 * edits files, and from which the result is committed and pushed. Use it from one thread, and close
 * it when the task is done: its tree is then deleted, or kept for a later task on the repository.
 *
 * <p>The workspace's {@code .git} is the agent's to use as it likes, and Kaka reads nothing from it
 * once the agent may have run: the commit is built from the working tree's files in a repository
 * Kaka owns ({@link CommitRepository}, {@link WorkingTreeSnapshot}) and pushed from there to the
 * URL Kaka built.
 */
public final class Workspace implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Workspace.class);

  static final String ORIGIN = "origin";

  private final Git git;
  private final Path directory;
  private final String branch;
  private final ObjectId base;
  private final MirrorState mirror;
  private final Remote remote;
  private final GitFailures failures;
  private final WorkspaceLock lock;
  private final WorkspacePool pool;

  /** How Kaka checked the tree out, for the pool; null when the pool keeps no trees. */
  private final CheckedOutTree checkedOut;

  /** Created on first use, deleted on close. */
  private CommitRepository commits;

  /** The latest {@link #commitAll}, the one {@link #push} pushes. */
  private ObjectId committed;

  /** Whether the steering files came from another branch, so the commit keeps the base's. */
  private boolean steeringFromElsewhere;

  private boolean closed;

  Workspace(
      Git git,
      String branch,
      ObjectId base,
      MirrorState mirror,
      Remote remote,
      GitFailures failures,
      WorkspaceLock lock,
      WorkspacePool pool,
      CheckedOutTree checkedOut) {
    this.git = git;
    this.directory = git.getRepository().getWorkTree().toPath().toAbsolutePath().normalize();
    this.branch = branch;
    this.base = base;
    this.mirror = mirror;
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

  /**
   * The mirror's objects directory, which the workspace's {@code .git/objects/info/alternates}
   * names: a sandbox must let the agent read it (and only read it) for git to work in the
   * workspace.
   */
  public Path borrowedObjects() {
    return mirror.objectsDirectory();
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
   * Every path whose content differs from the base commit, as {@link #commitAll} would commit it:
   * added, modified and deleted files, repo-relative and sorted. Files the base commit's {@code
   * .gitignore} files ignore are not listed; neither are empty directories. Commits the agent made
   * itself do not matter, only the files.
   *
   * @throws ChangeRefusedException if the change holds something Kaka does not push
   */
  public List<String> changedFiles() {
    return snapshot().paths();
  }

  /**
   * The remote branch's head commit if it carries the trailer {@code Kaka-Task-Id: <taskId>}, i.e.
   * this task was pushed before and is being delivered again. Reflects the remote when the
   * workspace was created.
   */
  public Optional<String> existingTaskCommit(String taskId) {
    Optional<ObjectId> pushed = mirror.branch(branch);
    if (pushed.isEmpty()) {
      return Optional.empty();
    }
    try {
      RevCommit head = commits().commit(pushed.get());
      return TaskTrailer.marks(head, taskId) ? Optional.of(head.name()) : Optional.empty();
    } catch (IOException e) {
      throw failures.local("read branch " + branch + " of " + remote.url(), e);
    }
  }

  /**
   * The changed files that contain a token Kaka fetched or pushes with: an agent that can read the
   * worker's process or files could copy one into its change, and a pushed token is a leaked token.
   * Searches what would be pushed, so a link whose target spells a token counts too.
   */
  public List<String> changedFilesContainingToken() {
    List<String> tokens = remote.credentials().secrets();
    if (tokens.isEmpty()) {
      return List.of();
    }
    // ISO-8859-1 maps every byte to one char, so binary files are searched byte for byte
    List<String> needles =
        tokens.stream()
            .map(
                token ->
                    new String(token.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
            .toList();
    List<String> leaking = new ArrayList<>();
    for (Map.Entry<String, ObjectId> change : snapshot().contents().entrySet()) {
      try {
        if (change.getValue() != null
            && containsAny(
                new String(commits().read(change.getValue()), StandardCharsets.ISO_8859_1),
                needles)) {
          leaking.add(change.getKey());
        }
      } catch (IOException e) {
        throw failures.local("read " + change.getKey() + " in " + directory, e);
      }
    }
    return leaking;
  }

  private static boolean containsAny(String content, List<String> needles) {
    return needles.stream().anyMatch(content::contains);
  }

  /**
   * The paths a commit changes relative to where it meets the default branch, as a pull request
   * would show them; for a commit from {@link #existingTaskCommit} or {@link #commitAll}.
   */
  public List<String> changedFilesOf(String commitId) {
    try {
      ObjectId id = commits().resolve(commitId);
      if (id == null) {
        throw failures.failure(
            "Commit " + commitId + " is not in the workspace for " + remote.url(), false);
      }
      return commits().changedFilesOf(id, base);
    } catch (IOException e) {
      throw failures.local("list the changes of commit " + commitId + " in " + directory, e);
    }
  }

  /**
   * Commits the working tree's files (new, changed and deleted ones, as the base commit's ignore
   * rules allow) as author and committer. The commit's parent is always the base commit, so the
   * branch holds exactly one commit whatever the agent did with its own repository; that is what a
   * redelivery looks for.
   *
   * @return the new commit's SHA
   * @throws ChangeRefusedException if the change holds something Kaka does not push
   * @throws GitOperationException if there is nothing to commit
   */
  public String commitAll(String message, PersonIdent author) {
    TreeChanges changes = snapshot();
    if (changes.isEmpty()) {
      String reason = "Nothing to commit in %s: the files are the same as in %s.";
      throw failures.failure(reason.formatted(directory, base.name()), false);
    }
    try {
      committed = commits().commit(changes.tree(), base, message, author);
      log.info("Committed {} for {} from {}", committed.name(), branch, directory);
      return committed.name();
    } catch (IOException e) {
      throw failures.local("commit in " + directory, e);
    }
  }

  /**
   * Force-pushes the latest {@link #commitAll} to the branch of that name at the remote URL Kaka
   * built, which replaces an earlier attempt of the same task. Every ref update is checked: a hook
   * or branch protection rejects without an exception.
   */
  public void push(String branchName) {
    if (committed == null || !branchName.equals(branch)) {
      String reason =
          "Could not push branch %s to %s: the workspace has no such branch; commit first.";
      throw failures.failure(reason.formatted(branchName, remote.url()), false);
    }
    for (RemoteRefUpdate update : pushCommitted(branchName)) {
      requireAccepted(branchName, update);
    }
    log.info("Pushed {} to {} of {}", committed.name(), branchName, remote.url());
  }

  /** Pushes, once more with a new token if the remote refused one that can be replaced. */
  private Collection<RemoteRefUpdate> pushCommitted(String branchName) {
    for (int attempt = 1; ; attempt++) {
      try {
        return commits().push(remote, committed, branchName);
      } catch (IOException | URISyntaxException e) {
        if (attempt > 1 || !remote.renewsRefusedToken(e)) {
          String action = "push branch " + branchName + " to";
          throw failures.remote(action, remote.url(), GitFailures.Access.WRITE, e);
        }
      }
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
    if (commits != null) {
      commits.close();
    }
    git.close();
    if (checkedOut != null) {
      pool.release(checkedOut);
    } else {
      WorkspacePool.delete(directory, lock);
    }
  }

  /**
   * Puts commit {@code source}'s steering files ({@link SteeringFiles}) into the working tree for
   * the agent to read; from then on the commit keeps the base commit's versions of them.
   */
  void takeSteeringFilesFrom(ObjectId source) throws IOException {
    steeringFromElsewhere = true;
    SteeringFiles.restore(git.getRepository(), directory, base, source);
  }

  static String remoteTracking(String branchName) {
    return Constants.R_REMOTES + ORIGIN + "/" + branchName;
  }

  private TreeChanges snapshot() {
    try {
      Predicate<String> pinned = steeringFromElsewhere ? SteeringFiles::steers : path -> false;
      return commits().snapshot(directory, base, pinned).requirePushable();
    } catch (IOException e) {
      throw failures.local("read the changes in " + directory, e);
    }
  }

  private CommitRepository commits() throws IOException {
    if (commits == null) {
      commits = CommitRepository.create(directory, mirror);
    }
    return commits;
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
