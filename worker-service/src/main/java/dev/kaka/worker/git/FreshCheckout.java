package dev.kaka.worker.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes a commit's files into the empty working tree of a new repository, and the index that
 * records them, as a checkout does. Contents go out byte for byte, as {@link WorkingTreeSnapshot}
 * takes them back: no attributes, filters or line-ending conversion. Executable files get the
 * execute bits, symbolic links are made as links, submodules as empty directories.
 *
 * <p>JGit's checkout writes each file to a temporary file that it renames, and looks up attributes
 * and filters per path; writing the files directly is what brings a huge repository's cold start
 * within its goal ({@code bench/repo-cache.sh}).
 */
final class FreshCheckout {

  private static final Set<PosixFilePermission> EXECUTE =
      EnumSet.of(
          PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE);

  private final Path root;
  private final ObjectReader reader;
  private final Set<String> directories = new HashSet<>();

  private FreshCheckout(Path root, ObjectReader reader) {
    this.root = root;
    this.reader = reader;
  }

  /**
   * Writes {@code commit}'s tree into the repository's working tree, which must be empty but for
   * {@code .git}, and its index.
   *
   * @throws IOException if a path is not one git may check out (such as {@code .git} or {@code
   *     ..}), or a file cannot be written
   */
  static void write(Repository repository, ObjectId commit) throws IOException {
    DirCache index = repository.lockDirCache();
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk commits = new RevWalk(reader);
        TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(commits.parseCommit(commit).getTree());
      walk.setRecursive(true);
      FreshCheckout checkout = new FreshCheckout(repository.getWorkTree().toPath(), reader);
      DirCacheBuilder entries = index.builder();
      while (walk.next()) {
        entries.add(checkout.entry(walk.getPathString(), walk.getFileMode(0), walk.getObjectId(0)));
      }
      entries.finish();
      index.write();
      if (!index.commit()) {
        throw new IOException("Could not write the index of " + repository.getDirectory());
      }
    } finally {
      index.unlock();
    }
  }

  private DirCacheEntry entry(String path, FileMode mode, ObjectId id) throws IOException {
    DirCacheEntry entry;
    try {
      // refuses what git refuses to check out: .git, .., empty or absolute names
      entry = new DirCacheEntry(path);
    } catch (IllegalArgumentException e) {
      throw new IOException("Cannot check out the path " + path + ": " + e.getMessage(), e);
    }
    entry.setFileMode(mode);
    entry.setObjectId(id);
    createParents(path);
    Path file = root.resolve(path);
    if (FileMode.GITLINK.equals(mode)) {
      Files.createDirectory(file);
      return entry;
    }
    if (FileMode.SYMLINK.equals(mode)) {
      byte[] target = reader.open(id, Constants.OBJ_BLOB).getCachedBytes();
      Files.createSymbolicLink(file, Path.of(new String(target, StandardCharsets.UTF_8)));
    } else {
      // CREATE_NEW: never through a link or into a file already there
      try (OutputStream out =
          Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        reader.open(id, Constants.OBJ_BLOB).copyTo(out);
      }
      if (FileMode.EXECUTABLE_FILE.equals(mode)) {
        Set<PosixFilePermission> permissions =
            Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        permissions.addAll(EXECUTE);
        Files.setPosixFilePermissions(file, permissions);
      }
    }
    BasicFileAttributes written =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    entry.setLength(written.size());
    entry.setLastModified(written.lastModifiedTime().toInstant());
    return entry;
  }

  /**
   * Creates the directories above {@code path} one by one: a directory fails where anything is
   * already, so that no file of the tree is written through a link the tree made.
   */
  private void createParents(String path) throws IOException {
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return;
    }
    String parent = path.substring(0, slash);
    if (directories.contains(parent)) {
      return;
    }
    createParents(parent);
    Files.createDirectory(root.resolve(parent));
    directories.add(parent);
  }
}
