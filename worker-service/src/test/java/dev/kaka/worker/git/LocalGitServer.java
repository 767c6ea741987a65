package dev.kaka.worker.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kaka.common.event.RepositoryRef;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
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
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Bare repositories served over git's smart HTTP by JGit's servlet in an embedded Tomcat on
 * 127.0.0.1: a real network transport, with pushes enabled and no authentication, standing in for
 * GitHub. Repository {@code owner/name} is at {@code http://127.0.0.1:PORT/git/owner/name.git}.
 */
final class LocalGitServer implements AutoCloseable {

  static final PersonIdent MAINTAINER = new PersonIdent("Maintainer", "maintainer@example.com");

  private final Path root;
  private final Tomcat tomcat;
  private final int port;
  private volatile String pushRejection;

  LocalGitServer(Path root) throws IOException {
    this.root = root;
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver((request, name) -> open(name));
    servlet.setReceivePackFactory(
        (request, repository) -> {
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
    tomcat = new Tomcat();
    tomcat.setBaseDir(root.resolveSibling(root.getFileName() + "-tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "git", servlet);
    context.addServletMappingDecoded("/git/*", "git");
    try {
      tomcat.start();
    } catch (LifecycleException e) {
      throw new IOException("Could not start the git server", e);
    }
    port = connector.getLocalPort();
  }

  /** The {@code kaka.git.remote-url} that leads to this server's repositories. */
  String remoteUrlTemplate() {
    return "http://127.0.0.1:" + port + "/git/{owner}/{name}.git";
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
    return remoteUrlTemplate().replace("{owner}", owner).replace("{name}", name);
  }

  /**
   * Commits straight into the remote, as another contributor's push would; a null content deletes.
   */
  ObjectId commit(
      String owner, String name, String branch, Map<String, String> files, String message)
      throws IOException {
    return commit(owner, name, branch, files, Map.of(), message);
  }

  /**
   * Like {@link #commit(String, String, String, Map, String)}, with the mode of some files given: a
   * symbolic link's content is its target, a submodule's the commit it points to.
   */
  ObjectId commit(
      String owner,
      String name,
      String branch,
      Map<String, String> files,
      Map<String, FileMode> modes,
      String message)
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
          FileMode mode = modes.getOrDefault(file.getKey(), FileMode.REGULAR_FILE);
          ObjectId blob =
              FileMode.GITLINK.equals(mode)
                  ? ObjectId.fromString(file.getValue())
                  : inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(UTF_8));
          editor.add(
              new DirCacheEditor.PathEdit(file.getKey()) {
                @Override
                public void apply(DirCacheEntry entry) {
                  entry.setFileMode(mode);
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

  /**
   * The files of a branch's head: by path, the mode's letter ({@code f} file, {@code x} executable,
   * {@code l} link, {@code m} submodule) a colon and the content (the commit for a submodule).
   */
  Map<String, String> files(String owner, String name, String branch) throws IOException {
    try (Repository repository = open(owner + "/" + name + ".git");
        RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository)) {
      tree.addTree(walk.parseCommit(repository.resolve(Constants.R_HEADS + branch)).getTree());
      tree.setRecursive(true);
      Map<String, String> files = new TreeMap<>();
      while (tree.next()) {
        FileMode mode = tree.getFileMode(0);
        String content =
            FileMode.GITLINK.equals(mode)
                ? tree.getObjectId(0).name()
                : new String(repository.open(tree.getObjectId(0)).getBytes(), UTF_8);
        files.put(tree.getPathString(), letter(mode) + ":" + content);
      }
      return files;
    }
  }

  private static String letter(FileMode mode) {
    if (FileMode.EXECUTABLE_FILE.equals(mode)) {
      return "x";
    }
    if (FileMode.SYMLINK.equals(mode)) {
      return "l";
    }
    return FileMode.GITLINK.equals(mode) ? "m" : "f";
  }

  /** The names of a repository's branches. */
  java.util.List<String> branches(String owner, String name) throws IOException {
    try (Repository repository = open(owner + "/" + name + ".git")) {
      return repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
          .map(ref -> ref.getName() + " " + ref.getObjectId().name())
          .toList();
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
  public void close() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }
}
