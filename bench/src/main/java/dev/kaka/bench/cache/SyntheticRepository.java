package dev.kaka.bench.cache;

import dev.kaka.worker.git.Directories;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A bare repository shaped like a large project: {@code files} source files in a two-level tree of
 * packages, and a history of {@code commits} commits after the first, each changing a handful of
 * files. Built with {@code git fast-import} (seconds instead of the minutes JGit's one-commit-at-a-
 * time API takes), and deterministic for a given seed, so every run measures the same repository.
 */
final class SyntheticRepository {

  static final String BRANCH = "main";
  private static final int FILES_PER_PACKAGE = 100;
  private static final int PACKAGES_PER_MODULE = 10;
  private static final int FILES_PER_COMMIT = 5;
  private static final long FIRST_COMMIT_EPOCH = 1_600_000_000L;

  private final Path gitDirectory;
  private final int files;
  private final Random random;
  private int commitsWritten;

  private SyntheticRepository(Path gitDirectory, int files, Random random, int commitsWritten) {
    this.gitDirectory = gitDirectory;
    this.files = files;
    this.random = random;
    this.commitsWritten = commitsWritten;
  }

  /** Creates the repository at {@code gitDirectory}: the initial commit plus {@code commits}. */
  static SyntheticRepository create(Path gitDirectory, int files, int commits) {
    SyntheticRepository repository =
        new SyntheticRepository(gitDirectory, files, new Random(42), 0);
    run(
        List.of(
            "git", "init", "-q", "--bare", "--initial-branch=" + BRANCH, gitDirectory.toString()),
        null);
    repository.fastImport(
        out -> {
          // within one import, each commit continues the one before it on the branch
          repository.writeCommit(out, "Initial import", allPaths(files), false);
          for (int i = 0; i < commits; i++) {
            repository.writeCommit(out, "Change " + (i + 1), repository.somePaths(), false);
          }
        });
    // a served repository is packed: one pack, as after GitHub's own maintenance
    run(List.of("git", "-C", gitDirectory.toString(), "repack", "-a", "-d", "-q"), null);
    return repository;
  }

  /**
   * Like {@link #create}, copied from {@code cache}, where it is made the first time: a large one
   * takes minutes to make, and every run of a bench can share it. The copy links the cache's files
   * where it can: git replaces a file it changes, never writes into it.
   */
  static SyntheticRepository cached(Path cache, Path gitDirectory, int files, int commits) {
    Path cached = cache.resolve("files-%d-commits-%d.git".formatted(files, commits));
    try {
      if (!Files.isDirectory(cached)) {
        Path partial = cache.resolve(cached.getFileName() + ".partial");
        Directories.deleteRecursively(partial);
        Files.createDirectories(cache);
        create(partial, files, commits);
        Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
      }
      copy(cached, gitDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SyntheticRepository(gitDirectory, files, new Random(commits), commits + 1);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          try {
            Files.createLink(target, path);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(path, target);
          }
        }
      }
    }
  }

  /** Pushes one more commit to the default branch, as another contributor would. */
  void advance(String message) {
    fastImport(out -> writeCommit(out, message, somePaths(), true));
  }

  Path gitDirectory() {
    return gitDirectory;
  }

  /** The same repository after it was moved to {@code gitDirectory}. */
  SyntheticRepository movedTo(Path gitDirectory) {
    return new SyntheticRepository(gitDirectory, files, random, commitsWritten);
  }

  private List<String> somePaths() {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < FILES_PER_COMMIT; i++) {
      paths.add(path(random.nextInt(files)));
    }
    return paths;
  }

  private static List<String> allPaths(int files) {
    List<String> paths = new ArrayList<>(files);
    for (int i = 0; i < files; i++) {
      paths.add(path(i));
    }
    return paths;
  }

  private static String path(int index) {
    int pkg = index / FILES_PER_PACKAGE;
    return "src/module-%03d/pkg-%02d/Source%05d.java"
        .formatted(pkg / PACKAGES_PER_MODULE, pkg % PACKAGES_PER_MODULE, index);
  }

  private interface Stream {
    void write(OutputStream out) throws IOException;
  }

  private void fastImport(Stream commands) {
    run(List.of("git", "-C", gitDirectory.toString(), "fast-import", "--quiet"), commands);
  }

  /** One commit; {@code continueBranch} starts from the branch's head in the repository. */
  private void writeCommit(
      OutputStream out, String message, List<String> paths, boolean continueBranch)
      throws IOException {
    long when = FIRST_COMMIT_EPOCH + 600L * commitsWritten++;
    StringBuilder header =
        new StringBuilder()
            .append("commit refs/heads/")
            .append(BRANCH)
            .append('\n')
            .append("committer Synthetic <synthetic@example.com> ")
            .append(when)
            .append(" +0000\n");
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    header.append("data ").append(text.length).append('\n').append(message).append('\n');
    if (continueBranch) {
      header.append("from refs/heads/").append(BRANCH).append("^0\n");
    }
    out.write(header.toString().getBytes(StandardCharsets.UTF_8));
    for (String path : paths) {
      byte[] content = content(path);
      out.write(
          ("M 100644 inline " + path + "\ndata " + content.length + "\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(content);
      out.write('\n');
    }
    out.write('\n');
  }

  /** About 700 bytes of Java-looking text, different at every change. */
  private byte[] content(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
    StringBuilder text =
        new StringBuilder("package synthetic;\n\nclass ").append(name).append(" {\n");
    for (int method = 0; method < 8; method++) {
      text.append("  int m")
          .append(method)
          .append("(int x) {\n    return x * ")
          .append(random.nextInt(1000))
          .append(" + ")
          .append(random.nextInt(1000))
          .append(";\n  }\n");
    }
    return text.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void run(List<String> command, Stream input) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (OutputStream out = new BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
        if (input != null) {
          input.write(out);
        }
      }
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + command.get(0) + ": is git installed?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
