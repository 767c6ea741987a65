package dev.kaka.worker.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files that steer the Claude Code CLI when it starts in a working tree: its instructions
 * ({@code CLAUDE.md} and {@code CLAUDE.local.md}, in any directory), its project settings, hooks,
 * agents and commands ({@code .claude/}) and its MCP servers ({@code .mcp.json}). On a pull
 * request's branch whoever pushed to the branch wrote them, so for a follow-up they are taken from
 * the base branch, which only people trusted with it change: a pull request cannot rewrite the
 * rules its own follow-ups run under. They are there for the agent to read only; the commit keeps
 * the branch's own versions ({@link WorkingTreeSnapshot}).
 */
final class SteeringFiles {

  private static final Logger log = LoggerFactory.getLogger(SteeringFiles.class);

  private static final Set<String> INSTRUCTIONS = Set.of("CLAUDE.md", "CLAUDE.local.md");
  private static final Set<String> AT_THE_ROOT = Set.of(".claude", ".mcp.json");

  private SteeringFiles() {}

  /** Whether the repo-relative {@code path} is a steering file or lies inside {@code .claude/}. */
  static boolean steers(String path) {
    int slash = path.indexOf('/');
    if (AT_THE_ROOT.contains(slash < 0 ? path : path.substring(0, slash))) {
      return true;
    }
    return INSTRUCTIONS.contains(path.substring(path.lastIndexOf('/') + 1));
  }

  /**
   * Replaces the steering files of {@code workTree}, freshly checked out at {@code checkedOut},
   * with those of commit {@code source}: the checked-out ones are deleted, the source's written. A
   * source file where the branch has a link, a file or a directory in its way is left out, so no
   * write follows a link the branch planted.
   */
  static void restore(Repository repository, Path workTree, ObjectId checkedOut, ObjectId source)
      throws IOException {
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      for (Entry entry : entries(reader, walk.parseCommit(checkedOut).getTree())) {
        Directories.deleteRecursively(workTree.resolve(topmost(entry.path())));
      }
      for (Entry entry : entries(reader, walk.parseCommit(source).getTree())) {
        write(reader, workTree, entry);
      }
    }
  }

  /** The path itself, or {@code .claude} for anything inside it: deleted as a whole. */
  private static String topmost(String path) {
    int slash = path.indexOf('/');
    String first = slash < 0 ? path : path.substring(0, slash);
    return AT_THE_ROOT.contains(first) ? first : path;
  }

  private record Entry(String path, FileMode mode, ObjectId blob) {}

  private static List<Entry> entries(ObjectReader reader, ObjectId tree) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      while (walk.next()) {
        String path = walk.getPathString();
        if (steers(path)) {
          entries.add(new Entry(path, walk.getFileMode(0), walk.getObjectId(0)));
        }
      }
    }
    return entries;
  }

  private static void write(ObjectReader reader, Path workTree, Entry entry) throws IOException {
    if (FileMode.GITLINK.equals(entry.mode())) {
      return;
    }
    Path target = workTree.resolve(entry.path());
    if (!realDirectories(workTree, target.getParent())
        || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      log.warn("Left out {} of the base branch: the branch has something else there", target);
      return;
    }
    if (FileMode.SYMLINK.equals(entry.mode())) {
      byte[] link = reader.open(entry.blob(), Constants.OBJ_BLOB).getBytes();
      Files.createSymbolicLink(target, Path.of(new String(link, StandardCharsets.UTF_8)));
      return;
    }
    try (InputStream content = reader.open(entry.blob(), Constants.OBJ_BLOB).openStream()) {
      Files.copy(content, target);
    }
    if (FileMode.EXECUTABLE_FILE.equals(entry.mode())) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(target);
      permissions.add(PosixFilePermission.OWNER_EXECUTE);
      Files.setPosixFilePermissions(target, permissions);
    }
  }

  /**
   * Makes every directory from {@code workTree} down to {@code directory} that is missing; false if
   * one of them is a link or a file.
   */
  private static boolean realDirectories(Path workTree, Path directory) throws IOException {
    Path current = workTree;
    for (Path name : workTree.relativize(directory)) {
      current = current.resolve(name);
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
      } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }
}
