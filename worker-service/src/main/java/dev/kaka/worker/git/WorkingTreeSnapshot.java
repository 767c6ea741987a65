package dev.kaka.worker.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;

/**
 * Writes the tree of a working tree's files as they are on disk, the way {@code git add -A} would
 * against the base commit, but trusting nothing of the workspace's {@code .git}: no index, config,
 * attributes, filters or exclude files. Contents go in byte for byte.
 *
 * <ul>
 *   <li>Tracked and untracked files count, except untracked ones the base's {@code .gitignore}
 *       files ignore ({@link BaseIgnoreRules}); anything named {@code .git} is skipped, at any
 *       depth, as git cannot store it.
 *   <li>A file is executable in the tree if its owner may execute it, as in git.
 *   <li>A symbolic link goes in as a link if its target, read as a path relative to the link's
 *       directory, stays inside the tree; one that is absolute or leads out is refused, so that a
 *       checkout of the branch never reaches outside the repository. Links are never followed.
 *   <li>Submodules (gitlinks) of the base stay as the base has them, whatever their directory
 *       holds.
 *   <li>Sockets, pipes and devices are left out, as git leaves them out.
 *   <li>Pinned paths (the agent's steering files on a follow-up, {@link SteeringFiles}) stay as the
 *       base has them, whatever the working tree holds there.
 * </ul>
 */
final class WorkingTreeSnapshot {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path root;
  private final Map<String, DirCacheEntry> base = new HashMap<>();
  private final Set<String> baseDirectories = new HashSet<>();
  private final BaseIgnoreRules ignoreRules;
  private final Predicate<String> pinned;
  private final ObjectInserter inserter;
  private final DirCacheBuilder tree;
  private final Set<String> walkedDirectories = new HashSet<>();
  private final List<String> refused = new ArrayList<>();

  private WorkingTreeSnapshot(
      Path root,
      DirCache baseIndex,
      BaseIgnoreRules ignoreRules,
      Predicate<String> pinned,
      ObjectInserter inserter,
      DirCache result) {
    this.root = root;
    this.ignoreRules = ignoreRules;
    this.pinned = pinned;
    this.inserter = inserter;
    this.tree = result.builder();
    for (int i = 0; i < baseIndex.getEntryCount(); i++) {
      DirCacheEntry entry = baseIndex.getEntry(i);
      String path = entry.getPathString();
      base.put(path, entry);
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        baseDirectories.add(path.substring(0, slash));
      }
    }
  }

  /**
   * The id of the tree of {@code root}'s files, written with {@code inserter} (not flushed), with
   * the base's entries for the paths {@code pinned} accepts.
   *
   * @throws ChangeRefusedException naming every path that cannot be committed
   */
  static ObjectId write(
      Path root,
      RevTree baseTree,
      ObjectReader reader,
      ObjectInserter inserter,
      Predicate<String> pinned)
      throws IOException {
    DirCache baseIndex = DirCache.read(reader, baseTree);
    DirCache result = DirCache.newInCore();
    WorkingTreeSnapshot snapshot =
        new WorkingTreeSnapshot(
            root, baseIndex, BaseIgnoreRules.of(baseIndex, reader), pinned, inserter, result);
    snapshot.directory(root, "", false);
    snapshot.keepSubmodules();
    snapshot.keepPinned();
    if (!snapshot.refused.isEmpty()) {
      throw new ChangeRefusedException(
          "Kaka does not commit this change: "
              + String.join("; ", snapshot.refused)
              + ". Change or remove "
              + (snapshot.refused.size() == 1 ? "it" : "them")
              + ", then retry.");
    }
    snapshot.tree.finish();
    return result.writeTree(inserter);
  }

  /** Walks one directory; {@code ignored} says that git ignores the directory itself. */
  private void directory(Path directory, String prefix, boolean ignored) throws IOException {
    walkedDirectories.add(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String path = prefix + name;
        DirCacheEntry tracked = base.get(path);
        if (name.equalsIgnoreCase(Constants.DOT_GIT)
            || pinned.test(path)
            || tracked != null && FileMode.GITLINK.equals(tracked.getFileMode())) {
          continue;
        }
        BasicFileAttributes attributes =
            Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
          boolean ignoredDirectory = ignored || ignoreRules.ignores(path, true);
          // below an ignored directory only tracked files count, so only those are looked for
          if (!ignoredDirectory || baseDirectories.contains(path)) {
            directory(entry, path + "/", ignoredDirectory);
          }
        } else if ((attributes.isRegularFile() || attributes.isSymbolicLink())
            && (tracked != null || !ignored && !ignoreRules.ignores(path, false))) {
          add(path, entry, attributes);
        }
      }
    }
  }

  private void add(String path, Path file, BasicFileAttributes attributes) throws IOException {
    DirCacheEntry entry;
    try {
      entry = new DirCacheEntry(path);
    } catch (IllegalArgumentException e) {
      refused.add("git cannot store the path " + path);
      return;
    }
    if (attributes.isSymbolicLink()) {
      Path target = Files.readSymbolicLink(file);
      String problem = escapes(path, target);
      if (problem != null) {
        refused.add("the symbolic link " + path + " " + problem);
        return;
      }
      entry.setFileMode(FileMode.SYMLINK);
      entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, Constants.encode(target.toString())));
    } else {
      entry.setFileMode(executable(file) ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
      // no link is followed even if the file was swapped for one since it was looked at
      try (InputStream content = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, attributes.size(), content));
      }
    }
    tree.add(entry);
  }

  /** Why the link at {@code path} leads out of the tree, or null if it stays inside. */
  private String escapes(String path, Path target) {
    if (target.isAbsolute()) {
      return "points to the absolute path " + target;
    }
    Path directory = root.resolve(path).getParent();
    try {
      if (!directory.resolve(target).normalize().startsWith(root)) {
        return "points outside the repository (to " + target + ")";
      }
    } catch (InvalidPathException e) {
      return "has a target that is not a path";
    }
    return null;
  }

  private static boolean executable(Path file) throws IOException {
    return POSIX
        && Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
            .contains(PosixFilePermission.OWNER_EXECUTE);
  }

  /** The base's gitlinks, where their parent is still a directory of the tree. */
  private void keepSubmodules() {
    for (DirCacheEntry entry : base.values()) {
      String path = entry.getPathString();
      int slash = path.lastIndexOf('/');
      if (FileMode.GITLINK.equals(entry.getFileMode())
          && !pinned.test(path)
          && walkedDirectories.contains(slash < 0 ? "" : path.substring(0, slash))) {
        DirCacheEntry kept = new DirCacheEntry(path);
        kept.setFileMode(FileMode.GITLINK);
        kept.setObjectId(entry.getObjectId());
        tree.add(kept);
      }
    }
  }

  /** The base's entries of the pinned paths, which the walk left out. */
  private void keepPinned() {
    for (DirCacheEntry entry : base.values()) {
      if (pinned.test(entry.getPathString())) {
        DirCacheEntry kept = new DirCacheEntry(entry.getPathString());
        kept.setFileMode(entry.getFileMode());
        kept.setObjectId(entry.getObjectId());
        tree.add(kept);
      }
    }
  }
}
