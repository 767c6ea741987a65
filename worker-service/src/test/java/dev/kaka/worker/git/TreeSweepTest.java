package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the sweep deletes before a tree is reused: everything an agent could have changed since the
 * checkout, judged by ctime, which it cannot set back; nothing else.
 */
class TreeSweepTest {

  private static final Set<String> CHECKED_OUT =
      Set.of("README.md", "src/App.java", "src/util/Strings.java", "docs/guide.md", "link");

  @TempDir Path tree;
  @TempDir Path outside;

  private DirCache index;
  private FileTime checkedOutAt;

  interface Action {
    void apply(Path tree, Path outside) throws IOException;
  }

  @BeforeEach
  void checkOut() throws Exception {
    assumeTrue(TreeSweep.SUPPORTED, "needs ctime (the unix attribute view)");
    Files.createDirectories(tree.resolve("src/util"));
    Files.createDirectories(tree.resolve("docs"));
    for (String path : CHECKED_OUT) {
      if (!path.equals("link")) {
        Files.writeString(tree.resolve(path), "content of " + path + "\n");
      }
    }
    Files.createSymbolicLink(tree.resolve("link"), Path.of("README.md"));
    pauseForTheClock();
    try (Git git = Git.init().setDirectory(tree.toFile()).call()) {
      git.add().addFilepattern(".").call();
      Path indexFile = git.getRepository().getIndexFile().toPath();
      checkedOutAt = (FileTime) Files.getAttribute(indexFile, "unix:ctime");
      index = DirCache.read(indexFile.toFile(), FS.DETECTED);
    }
    assertThat(index.getEntryCount()).isEqualTo(CHECKED_OUT.size());
    pauseForTheClock();
  }

  static Stream<Arguments> agentActions() {
    return Stream.of(
        Arguments.of("nothing", (Action) (tree, outside) -> {}, List.of()),
        Arguments.of(
            "edits a file",
            (Action) (tree, outside) -> Files.writeString(tree.resolve("src/App.java"), "edited\n"),
            List.of("src/App.java")),
        Arguments.of(
            "edits a file, keeping its size and modification time",
            (Action)
                (tree, outside) -> {
                  Path file = tree.resolve("README.md");
                  FileTime modified = Files.getLastModifiedTime(file);
                  Files.writeString(file, "CONTENT OF README.MD\n");
                  Files.setLastModifiedTime(file, modified);
                },
            List.of("README.md")),
        Arguments.of(
            "makes a file executable",
            (Action)
                (tree, outside) ->
                    Files.setPosixFilePermissions(
                        tree.resolve("docs/guide.md"),
                        PosixFilePermissions.fromString("rwxr-xr-x")),
            List.of("docs/guide.md")),
        Arguments.of(
            "renames a file over another",
            (Action)
                (tree, outside) ->
                    Files.move(
                        tree.resolve("docs/guide.md"),
                        tree.resolve("README.md"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING),
            List.of("README.md", "docs/guide.md")),
        Arguments.of(
            "adds files, directories, ignored files and a nested repository",
            (Action)
                (tree, outside) -> {
                  Files.writeString(tree.resolve("new.txt"), "new\n");
                  Files.writeString(tree.resolve("src/util/New.java"), "new\n");
                  Files.createDirectories(tree.resolve("build/classes"));
                  Files.writeString(tree.resolve("build/classes/App.class"), "binary\n");
                  Files.writeString(tree.resolve("debug.log"), "ignored\n");
                  Files.createDirectories(tree.resolve("vendor/.git"));
                },
            List.of("new.txt", "src/util/New.java", "build", "debug.log", "vendor")),
        Arguments.of(
            "replaces a tracked directory with a link outside",
            (Action)
                (tree, outside) -> {
                  Directories.deleteRecursively(tree.resolve("src/util"));
                  Files.createSymbolicLink(tree.resolve("src/util"), outside);
                },
            List.of("src/util/Strings.java")),
        Arguments.of(
            "replaces a tracked link with a file",
            (Action)
                (tree, outside) -> {
                  Files.delete(tree.resolve("link"));
                  Files.writeString(tree.resolve("link"), "README.md");
                },
            List.of("link")));
  }

  @ParameterizedTest(name = "an agent that {0}")
  @MethodSource("agentActions")
  void sweepLeavesOnlyWhatIsAsCheckedOut(String name, Action action, List<String> gone)
      throws Exception {
    Files.writeString(outside.resolve("keep.txt"), "not in the tree\n");
    action.apply(tree, outside);

    TreeSweep.sweep(tree, index, checkedOutAt);

    Set<String> expected = new TreeSet<>(CHECKED_OUT);
    gone.forEach(expected::remove);
    assertThat(pathsIn(tree)).containsExactlyElementsOf(expected);
    for (String path : expected) {
      if (!path.equals("link")) {
        assertThat(tree.resolve(path)).hasContent("content of " + path);
      }
    }
    assertThat(tree.resolve(".git/index")).as("the sweep leaves .git alone").exists();
    assertThat(outside.resolve("keep.txt")).as("links are never followed").exists();
  }

  /** Every file and link under the tree, outside .git. */
  private static Set<String> pathsIn(Path root) throws IOException {
    Set<String> paths = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        String relative = root.relativize(path).toString();
        if (!relative.startsWith(".git") && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          paths.add(relative);
        }
      }
    }
    return paths;
  }

  /** File times on Linux advance in ticks of a few milliseconds. */
  private static void pauseForTheClock() throws InterruptedException {
    Thread.sleep(20);
  }
}
