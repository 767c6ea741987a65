package dev.kaka.worker.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;

/**
 * Deletes from a working tree everything that is not exactly as Kaka's checkout left it: files and
 * directories git does not track (ignored ones too), and tracked files that anyone changed, renamed
 * or replaced since. What is left can be trusted to match the checkout's index, so a checkout of
 * the next start point only has to write what differs, instead of every file.
 *
 * <p>A change is recognised by the file's status-change time (ctime), which every write, chmod,
 * rename or replacement sets to the current time and which, unlike the modification time, no
 * unprivileged process can set back. Needs a file system that reports it: see {@link #SUPPORTED}.
 */
final class TreeSweep {

  /** Whether this platform reports ctime through Java's {@code unix} attribute view. */
  static final boolean SUPPORTED =
      FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  private static final String ATTRIBUTES = "unix:mode,ctime";
  private static final int TYPE_MASK = 0170000;
  private static final int DIRECTORY = 0040000;
  private static final int REGULAR_FILE = 0100000;
  private static final int SYMBOLIC_LINK = 0120000;

  private final Path root;
  private final Map<String, FileMode> tracked = new HashMap<>();
  private final Set<String> trackedDirectories = new HashSet<>();
  private final FileTime checkedOutAt;
  private int deleted;

  private TreeSweep(Path root, DirCache index, FileTime checkedOutAt) {
    this.root = root;
    this.checkedOutAt = checkedOutAt;
    for (int i = 0; i < index.getEntryCount(); i++) {
      DirCacheEntry entry = index.getEntry(i);
      String path = entry.getPathString();
      tracked.put(path, entry.getFileMode());
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        trackedDirectories.add(path.substring(0, slash));
      }
    }
  }

  /**
   * Sweeps {@code root} (except its {@code .git}) against {@code index}, the checkout's index,
   * whose file was last changed at {@code checkedOutAt}.
   *
   * @return how many files and directories were deleted
   */
  static int sweep(Path root, DirCache index, FileTime checkedOutAt) throws IOException {
    TreeSweep sweep = new TreeSweep(root, index, checkedOutAt);
    sweep.directory(root, "");
    return sweep.deleted;
  }

  private void directory(Path directory, String prefix) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String path = prefix + entry.getFileName();
        if (path.equals(Constants.DOT_GIT)) {
          continue;
        }
        Map<String, Object> attributes =
            Files.readAttributes(entry, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int type = (Integer) attributes.get("mode") & TYPE_MASK;
        if (trackedDirectories.contains(path) && type == DIRECTORY) {
          directory(entry, path + "/");
        } else if (!isAsCheckedOut(tracked.get(path), type, (FileTime) attributes.get("ctime"))) {
          Directories.deleteRecursively(entry);
          deleted++;
        }
      }
    }
  }

  private boolean isAsCheckedOut(FileMode mode, int type, FileTime ctime) {
    if (mode == null || ctime.compareTo(checkedOutAt) >= 0) {
      // untracked, or changed at or after the checkout's last moment
      return false;
    }
    if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) {
      return type == REGULAR_FILE;
    }
    if (FileMode.SYMLINK.equals(mode)) {
      return type == SYMBOLIC_LINK;
    }
    // a submodule: the checkout made an empty directory, and adding to it would change its ctime
    return FileMode.GITLINK.equals(mode) && type == DIRECTORY;
  }
}
