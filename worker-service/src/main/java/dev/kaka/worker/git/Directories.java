package dev.kaka.worker.git;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories that hold repository contents: readable by this user only, and removed completely.
 */
public final class Directories {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private Directories() {}

  /** Creates the directory and any missing parents, each readable by this user only. */
  public static void createOwnerOnly(Path directory) throws IOException {
    Files.createDirectories(directory, ownerOnly());
  }

  /** Creates one new directory, readable by this user only; fails if it exists. */
  static void createNewOwnerOnly(Path directory) throws IOException {
    Files.createDirectory(directory, ownerOnly());
  }

  /**
   * Makes an existing directory, not a link to one, readable by this user only again.
   *
   * @throws IOException if it is not there, or is not a directory
   */
  static void restrictToOwner(Path directory) throws IOException {
    if (!Files.isDirectory(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(directory + " is no longer a directory");
    }
    if (POSIX) {
      Files.setPosixFilePermissions(directory, OWNER_ONLY);
    }
  }

  /**
   * Deletes the directory and everything in it. Symbolic links are deleted, never followed, so a
   * link an agent left in a workspace cannot make us delete files outside it.
   */
  public static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        directory,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
              throws IOException {
            // An agent may have made a directory read-only; its entries could not be deleted then.
            if (POSIX && !Files.isWritable(dir)) {
              Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException failure)
              throws IOException {
            if (failure instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw failure;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static FileAttribute<?>[] ownerOnly() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }
}
