package dev.kaka.worker.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository Kaka commits and pushes a task's work from: a bare repository of its own beside
 * the workspace ({@code <workspace>.commit.git}), outside the directory the agent can write,
 * created empty for each task and deleted with the workspace. It borrows the mirror's objects,
 * without an alternates file, so the base tree is readable and only the new objects are written.
 *
 * <p>Not the workspace's {@code .git}: the agent can rewrite it (a push URL, hooks, filters,
 * attributes, exclude files, the index), and anything read from it could redirect or poison the
 * push. Not the mirror either: every task on the repository shares it and every workspace borrows
 * from it, so an agent's objects written there, a refused change included, would outlive the task
 * and be readable by later agents; writing to it would also have to wait for the mirror's lock.
 */
final class CommitRepository implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommitRepository.class);

  static final String SUFFIX = ".commit.git";

  private final Path directory;
  private final Repository repository;

  private CommitRepository(Path directory, Repository repository) {
    this.directory = directory;
    this.repository = repository;
  }

  /** The commit repository of the workspace {@code workspace}. */
  static Path directoryOf(Path workspace) {
    return workspace.resolveSibling(workspace.getFileName() + SUFFIX);
  }

  /**
   * A new, empty repository for {@code workspace} that borrows {@code mirror}'s objects, replacing
   * one a crashed task left. It shares the mirror's history boundary, so that a push from a shallow
   * mirror stops walking where the mirror's history does.
   */
  static CommitRepository create(Path workspace, MirrorState mirror) throws IOException {
    Path directory = directoryOf(workspace);
    Directories.deleteRecursively(directory);
    Directories.createNewOwnerOnly(directory);
    Repository repository =
        new FileRepositoryBuilder()
            .setGitDir(directory.toFile())
            .setBare()
            .addAlternateObjectDirectory(mirror.objectsDirectory().toFile())
            .build();
    try {
      repository.create(true);
      if (mirror.shallow()) {
        repository.getObjectDatabase().setShallowCommits(mirror.shallowCommits());
      }
      return new CommitRepository(directory, repository);
    } catch (IOException | RuntimeException e) {
      repository.close();
      Directories.deleteRecursively(directory);
      throw e;
    }
  }

  /**
   * The tree of {@code workTree}'s files, with {@code base}'s entries for the paths {@code pinned}
   * accepts, and how it differs from {@code base}'s.
   */
  TreeChanges snapshot(Path workTree, ObjectId base, Predicate<String> pinned) throws IOException {
    ObjectId baseTree;
    ObjectId tree;
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit commit = walk.parseCommit(base);
      baseTree = commit.getTree();
      tree = WorkingTreeSnapshot.write(workTree, commit.getTree(), reader, inserter, pinned);
      inserter.flush();
    }
    try (ObjectReader reader = repository.newObjectReader()) {
      return TreeChanges.between(reader, baseTree, tree);
    }
  }

  ObjectId commit(ObjectId tree, ObjectId parent, String message, PersonIdent author)
      throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentId(parent);
    commit.setAuthor(author);
    commit.setCommitter(author);
    commit.setMessage(message);
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  /**
   * Force-pushes {@code commit} to {@code branch} at the remote's URL, given explicitly: no remote
   * configuration and no {@code url.*.insteadOf} rewriting is consulted.
   *
   * @return the outcome of the one ref update, to be checked: a rejection is no exception
   */
  Collection<RemoteRefUpdate> push(Remote remote, ObjectId commit, String branch)
      throws IOException, URISyntaxException {
    try (Transport transport = Transport.open(repository, new URIish(remote.url()))) {
      remote.configure(transport);
      RemoteRefUpdate update =
          new RemoteRefUpdate(
              repository, null, commit, Constants.R_HEADS + branch, true, null, null);
      return transport.push(NullProgressMonitor.INSTANCE, List.of(update)).getRemoteUpdates();
    }
  }

  /** A commit made here or fetched into the mirror. */
  RevCommit commit(ObjectId id) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.parseCommit(id);
    }
  }

  ObjectId resolve(String revision) throws IOException {
    return repository.resolve(revision);
  }

  /** The paths {@code commit} changes relative to where it meets {@code base}. */
  List<String> changedFilesOf(ObjectId commitId, ObjectId base) throws IOException {
    try (RevWalk walk = new RevWalk(repository);
        DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      RevCommit commit = walk.parseCommit(commitId);
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
    }
  }

  /** The content of a blob, for a look at what would be pushed. */
  byte[] read(ObjectId blob) throws IOException {
    try (ObjectReader reader = repository.newObjectReader()) {
      return reader.open(blob, Constants.OBJ_BLOB).getBytes(Integer.MAX_VALUE);
    }
  }

  /** Deletes the repository; failures are only logged, the janitor removes what is left. */
  @Override
  public void close() {
    repository.close();
    try {
      Directories.deleteRecursively(directory);
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", directory, e.toString());
    }
  }
}
