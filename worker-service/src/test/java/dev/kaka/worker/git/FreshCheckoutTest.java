package dev.kaka.worker.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new workspace's files, written directly from the commit: what a checkout writes, byte for byte,
 * with an index that git finds clean, and nothing of a malformed tree outside the working tree.
 */
class FreshCheckoutTest {

  @TempDir Path temp;

  private Git git;
  private Repository repository;

  @BeforeEach
  void newRepository() throws Exception {
    git = Git.init().setDirectory(temp.resolve("work").toFile()).call();
    repository = git.getRepository();
  }

  @AfterEach
  void closeRepository() {
    git.close();
  }

  @Test
  void writesEveryKindOfEntryWithAnIndexGitFindsClean() throws Exception {
    ObjectId commit =
        commit(
            inserter -> {
              TreeFormatter deep = new TreeFormatter();
              deep.append("Main.java", FileMode.REGULAR_FILE, blob(inserter, "class Main {}\n"));
              TreeFormatter src = new TreeFormatter();
              src.append("deep", FileMode.TREE, inserter.insert(deep));
              TreeFormatter root = new TreeFormatter();
              root.append(
                  ".gitattributes", FileMode.REGULAR_FILE, blob(inserter, "* text eol=crlf\n"));
              root.append("README.md", FileMode.REGULAR_FILE, blob(inserter, "hello\n"));
              root.append("build.sh", FileMode.EXECUTABLE_FILE, blob(inserter, "#!/bin/sh\n"));
              root.append("link", FileMode.SYMLINK, blob(inserter, "src/deep/Main.java"));
              root.append("module", FileMode.GITLINK, ObjectId.fromString("a".repeat(40)));
              root.append("src", FileMode.TREE, inserter.insert(src));
              return inserter.insert(root);
            });

    FreshCheckout.write(repository, commit);
    RefUpdate head = repository.updateRef(Constants.HEAD, true);
    head.setNewObjectId(commit);
    head.forceUpdate();

    Path work = repository.getWorkTree().toPath();
    // byte for byte, whatever .gitattributes says
    assertThat(Files.readString(work.resolve("README.md"))).isEqualTo("hello\n");
    assertThat(Files.readString(work.resolve("src/deep/Main.java"))).isEqualTo("class Main {}\n");
    assertThat(Files.getPosixFilePermissions(work.resolve("build.sh")))
        .contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(work.resolve("README.md")))
        .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.readSymbolicLink(work.resolve("link")))
        .isEqualTo(Path.of("src/deep/Main.java"));
    assertThat(work.resolve("module")).isEmptyDirectory();
    assertThat(DirCache.read(repository).getEntryCount()).isEqualTo(6);
    Status status = git.status().call();
    assertThat(status.getUncommittedChanges()).isEmpty();
    assertThat(status.getUntracked()).isEmpty();
  }

  @Test
  void refusesAPathGitMustNotCheckOut() throws Exception {
    ObjectId commit =
        commit(
            inserter -> {
              TreeFormatter hooks = new TreeFormatter();
              hooks.append(
                  "post-checkout", FileMode.EXECUTABLE_FILE, blob(inserter, "#!/bin/sh\n"));
              TreeFormatter dotGit = new TreeFormatter();
              dotGit.append("hooks", FileMode.TREE, inserter.insert(hooks));
              TreeFormatter root = new TreeFormatter();
              root.append(".GIT", FileMode.TREE, inserter.insert(dotGit));
              return inserter.insert(root);
            });

    assertThatThrownBy(() -> FreshCheckout.write(repository, commit))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(".GIT/hooks/post-checkout");
    assertThat(repository.getDirectory().toPath().resolve("hooks/post-checkout")).doesNotExist();
  }

  @Test
  void neverWritesThroughALinkTheTreeMade() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    ObjectId commit =
        commit(
            inserter -> {
              TreeFormatter below = new TreeFormatter();
              below.append("planted", FileMode.REGULAR_FILE, blob(inserter, "gotcha\n"));
              // a malformed tree: "a" twice, a link to the outside and a directory
              TreeFormatter root = new TreeFormatter();
              root.append("a", FileMode.SYMLINK, blob(inserter, outside.toString()));
              root.append("a", FileMode.TREE, inserter.insert(below));
              return inserter.insert(root);
            });

    assertThatThrownBy(() -> FreshCheckout.write(repository, commit))
        .isInstanceOf(IOException.class);
    assertThat(outside).isEmptyDirectory();
    assertThat(Files.exists(outside.resolve("planted"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  private static ObjectId blob(ObjectInserter inserter, String content) throws IOException {
    return inserter.insert(Constants.OBJ_BLOB, content.getBytes(UTF_8));
  }

  /** Writes a tree that {@link TreeFormatter}, unlike a checked commit, may make malformed. */
  private interface TreeWriter {
    ObjectId write(ObjectInserter inserter) throws IOException;
  }

  private ObjectId commit(TreeWriter tree) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree.write(inserter));
      PersonIdent kaka = new PersonIdent("Kaka", "kaka@example.com");
      commit.setAuthor(kaka);
      commit.setCommitter(kaka);
      commit.setMessage("files");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }
}
