package dev.kaka.testkit.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The bare git repositories on disk, one directory per repository: {@code root/owner/name.git}. */
final class BareRepositories {

  // Also keeps names that come from URLs from escaping the root directory.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private final Path root;

  BareRepositories(Path root) {
    this.root = root;
  }

  static boolean isValidName(String name) {
    return NAME.matcher(name).matches() && !name.endsWith(".git");
  }

  /**
   * Creates the repository with one commit holding {@code files} (path to UTF-8 content) on {@code
   * branch}.
   */
  void create(
      String owner, String name, String branch, Map<String, String> files, PersonIdent author) {
    if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw new IllegalArgumentException("Not a valid branch name: " + branch);
    }
    Path directory = directory(owner, name);
    if (Files.exists(directory)) {
      throw new IllegalStateException("A repository already exists at " + directory);
    }
    try (Repository repository = FileRepositoryBuilder.create(directory.toFile())) {
      repository.create(true);
      RefUpdate head = repository.updateRef(Constants.HEAD);
      head.link(Constants.R_HEADS + branch);
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        ObjectId commit = insertInitialCommit(inserter, files, author);
        inserter.flush();
        RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
        update.setNewObjectId(commit);
        update.setExpectedOldObjectId(ObjectId.zeroId());
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW) {
          throw new IllegalStateException(
              "Could not create " + branch + " in " + directory + ": " + result);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves the bare repository at {@code source} into place as {@code owner/name}. */
  void adopt(String owner, String name, Path source) {
    Path directory = directory(owner, name);
    if (Files.exists(directory)) {
      throw new IllegalStateException("A repository already exists at " + directory);
    }
    try (Repository repository =
        new FileRepositoryBuilder().setGitDir(source.toFile()).setMustExist(true).build()) {
      if (!repository.isBare()) {
        throw new IllegalArgumentException("Not a bare repository: " + source);
      }
      Files.createDirectories(directory.getParent());
      Files.move(source, directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens a repository by the name git clients use in URLs, {@code owner/name.git}; the caller
   * closes it.
   */
  Repository openByUrlName(String urlName) throws RepositoryNotFoundException {
    String[] parts = urlName.split("/");
    if (parts.length != 2 || !parts[1].endsWith(".git")) {
      throw new RepositoryNotFoundException(urlName);
    }
    return open(parts[0], parts[1].substring(0, parts[1].length() - ".git".length()));
  }

  Optional<ObjectId> branchHead(String owner, String name, String branch) {
    try (Repository repository = open(owner, name)) {
      return Optional.ofNullable(repository.exactRef(Constants.R_HEADS + branch))
          .map(Ref::getObjectId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether every commit of {@code branch} is already in {@code base}, so a pull request would be
   * empty.
   */
  boolean isMergedInto(String owner, String name, String branch, String base) {
    try (Repository repository = open(owner, name);
        RevWalk walk = new RevWalk(repository)) {
      ObjectId branchId = repository.resolve(Constants.R_HEADS + branch);
      ObjectId baseId = repository.resolve(Constants.R_HEADS + base);
      return walk.isMergedInto(walk.parseCommit(branchId), walk.parseCommit(baseId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A regular file at {@code ref} (a branch, tag or commit id), or empty if there is no such file
   * or ref.
   */
  Optional<GitFile> readFile(String owner, String name, String ref, String path) {
    try (Repository repository = open(owner, name);
        RevWalk walk = new RevWalk(repository)) {
      ObjectId commit = repository.resolve(ref + "^{commit}");
      if (commit == null) {
        return Optional.empty();
      }
      try (TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(commit).getTree())) {
        if (tree == null || !FileMode.REGULAR_FILE.equals(tree.getFileMode(0))) {
          return Optional.empty();
        }
        ObjectId blob = tree.getObjectId(0);
        return Optional.of(new GitFile(blob.name(), repository.open(blob).getBytes()));
      }
    } catch (RevisionSyntaxException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The full message of the commit at {@code ref}, or empty if there is no such ref. */
  Optional<String> commitMessage(String owner, String name, String ref) {
    try (Repository repository = open(owner, name);
        RevWalk walk = new RevWalk(repository)) {
      ObjectId commit = repository.resolve(ref + "^{commit}");
      return commit == null
          ? Optional.empty()
          : Optional.of(walk.parseCommit(commit).getFullMessage());
    } catch (RevisionSyntaxException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The content of a file and the id of its blob, which GitHub calls the file's {@code sha}. */
  record GitFile(String sha, byte[] content) {}

  private Repository open(String owner, String name) throws RepositoryNotFoundException {
    if (!isValidName(owner) || !isValidName(name)) {
      throw new RepositoryNotFoundException(owner + "/" + name);
    }
    try {
      return new FileRepositoryBuilder()
          .setGitDir(directory(owner, name).toFile())
          .setMustExist(true)
          .build();
    } catch (RepositoryNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path directory(String owner, String name) {
    return root.resolve(owner).resolve(name + ".git");
  }

  /**
   * Points {@code branch} at a new commit whose tree is exactly {@code files}, on top of {@code
   * from}: what a user's push of a branch looks like from the server.
   */
  void commitBranch(
      String owner,
      String name,
      String from,
      String branch,
      Map<String, String> files,
      PersonIdent author) {
    try (Repository repository = open(owner, name);
        ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId parent = repository.resolve(Constants.R_HEADS + from);
      ObjectId commit = insertCommit(inserter, files, author, "Update " + branch + "\n", parent);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(commit);
      update.setForceUpdate(true);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED) {
        throw new IllegalStateException("Could not update " + branch + ": " + result);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Moves {@code branch} to a new commit on top of it that adds or replaces {@code files} and keeps
   * every other file: what a user's push of a small change looks like from the server.
   */
  void commitFiles(
      String owner, String name, String branch, Map<String, String> files, PersonIdent author) {
    try (Repository repository = open(owner, name);
        ObjectInserter inserter = repository.newObjectInserter();
        RevWalk walk = new RevWalk(repository)) {
      ObjectId parent = repository.resolve(Constants.R_HEADS + branch);
      if (parent == null) {
        throw new IllegalArgumentException("No branch " + branch + " in " + owner + "/" + name);
      }
      Map<String, DirCacheEntry> entries = new TreeMap<>();
      try (TreeWalk tree = new TreeWalk(repository)) {
        tree.addTree(walk.parseCommit(parent).getTree());
        tree.setRecursive(true);
        while (tree.next()) {
          DirCacheEntry entry = new DirCacheEntry(tree.getPathString());
          entry.setFileMode(tree.getFileMode(0));
          entry.setObjectId(tree.getObjectId(0));
          entries.put(tree.getPathString(), entry);
        }
      }
      for (Map.Entry<String, String> file : files.entrySet()) {
        DirCacheEntry entry = new DirCacheEntry(file.getKey());
        entry.setFileMode(FileMode.REGULAR_FILE);
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, content));
        entries.put(file.getKey(), entry);
      }
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      entries.values().forEach(builder::add);
      builder.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setAuthor(author);
      commit.setCommitter(author);
      commit.setMessage("Change " + String.join(", ", new TreeMap<>(files).keySet()) + "\n");
      commit.setParentId(parent);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(parent);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.FAST_FORWARD) {
        throw new IllegalStateException("Could not update " + branch + ": " + result);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectId insertInitialCommit(
      ObjectInserter inserter, Map<String, String> files, PersonIdent author) throws IOException {
    return insertCommit(inserter, files, author, "Initial commit\n", null);
  }

  private static ObjectId insertCommit(
      ObjectInserter inserter,
      Map<String, String> files,
      PersonIdent author,
      String message,
      ObjectId parent)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    // The index, and so the tree written from it, must list entries in path order.
    for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
      DirCacheEntry entry = new DirCacheEntry(file.getKey());
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(
          inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
      builder.add(entry);
    }
    builder.finish();
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(index.writeTree(inserter));
    commit.setAuthor(author);
    commit.setCommitter(author);
    commit.setMessage(message);
    if (parent != null) {
      commit.setParentId(parent);
    }
    return inserter.insert(commit);
  }
}
