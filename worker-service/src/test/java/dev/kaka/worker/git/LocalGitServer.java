package dev.kaka.worker.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kaka.common.event.RepositoryRef;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * Bare repositories served over git:// by JGit's daemon on 127.0.0.1: a real network transport,
 * with pushes enabled, standing in for GitHub.
 */
final class LocalGitServer implements AutoCloseable {

  static final PersonIdent MAINTAINER = new PersonIdent("Maintainer", "maintainer@example.com");

  private final Path root;
  private final Daemon daemon;
  private volatile String pushRejection;

  LocalGitServer(Path root) throws IOException {
    this.root = root;
    this.daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
    daemon.getService("git-receive-pack").setEnabled(true);
    daemon.setRepositoryResolver((DaemonClient client, String name) -> open(name));
    daemon.setReceivePackFactory(
        (DaemonClient client, Repository repository) -> {
          ReceivePack receivePack = new ReceivePack(repository);
          receivePack.setPreReceiveHook(
              (pack, commands) -> {
                String reason = pushRejection;
                if (reason != null) {
                  commands.forEach(
                      command ->
                          command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason));
                }
              });
          return receivePack;
        });
    daemon.start();
  }

  /** A repository with a README, a source file and a .gitignore on {@code main}. */
  RepositoryRef createRepository(String owner, String name) throws IOException, GitAPIException {
    File directory = root.resolve(owner).resolve(name + ".git").toFile();
    Git.init().setBare(true).setDirectory(directory).setInitialBranch("main").call().close();
    commit(
        owner,
        name,
        "main",
        Map.of(
            "README.md", "# " + name + "\n",
            "src/App.java", "class App {}\n",
            ".gitignore", "*.log\n"),
        "Initial commit");
    return new RepositoryRef(owner, name, url(owner, name), "main");
  }

  String url(String owner, String name) {
    return "git://127.0.0.1:" + daemon.getAddress().getPort() + "/" + owner + "/" + name + ".git";
  }

  /**
   * Commits straight into the remote, as another contributor's push would; a null content deletes.
   */
  ObjectId commit(
      String owner, String name, String branch, Map<String, String> files, String message)
      throws IOException {
    try (Repository repository = open(owner + "/" + name + ".git");
        ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      Ref parent = repository.exactRef(Constants.R_HEADS + branch);
      DirCache tree =
          parent == null
              ? DirCache.newInCore()
              : DirCache.read(reader, walk.parseCommit(parent.getObjectId()).getTree());
      DirCacheEditor editor = tree.editor();
      for (Map.Entry<String, String> file : files.entrySet()) {
        if (file.getValue() == null) {
          editor.add(new DirCacheEditor.DeletePath(file.getKey()));
        } else {
          ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(UTF_8));
          editor.add(
              new DirCacheEditor.PathEdit(file.getKey()) {
                @Override
                public void apply(DirCacheEntry entry) {
                  entry.setFileMode(FileMode.REGULAR_FILE);
                  entry.setObjectId(blob);
                }
              });
        }
      }
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree.writeTree(inserter));
      if (parent != null) {
        commit.setParentId(parent.getObjectId());
      }
      commit.setAuthor(MAINTAINER);
      commit.setCommitter(MAINTAINER);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent.getObjectId());
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IOException("Could not update " + branch + ": " + result);
      }
      return id;
    }
  }

  Optional<RevCommit> head(String owner, String name, String branch) throws IOException {
    try (Repository repository = open(owner + "/" + name + ".git");
        RevWalk walk = new RevWalk(repository)) {
      Ref ref = repository.exactRef(Constants.R_HEADS + branch);
      if (ref == null) {
        return Optional.empty();
      }
      RevCommit commit = walk.parseCommit(ref.getObjectId());
      return Optional.of(commit);
    }
  }

  /** Deletes a branch, as merging a pull request with "delete branch" does. */
  void deleteBranch(String owner, String name, String branch) throws IOException {
    try (Repository repository = open(owner + "/" + name + ".git")) {
      RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
      update.setForceUpdate(true);
      RefUpdate.Result result = update.delete();
      if (result != RefUpdate.Result.FORCED) {
        throw new IOException("Could not delete " + branch + ": " + result);
      }
    }
  }

  /** From now on every push is refused with this message, as a pre-receive hook would. */
  void rejectPushes(String reason) {
    pushRejection = reason;
  }

  private Repository open(String name) throws RepositoryNotFoundException {
    File directory = root.resolve(name.replaceFirst("^/", "")).normalize().toFile();
    try {
      return new FileRepositoryBuilder().setGitDir(directory).setMustExist(true).build();
    } catch (RepositoryNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new RepositoryNotFoundException(name, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    daemon.stopAndWait();
  }
}
