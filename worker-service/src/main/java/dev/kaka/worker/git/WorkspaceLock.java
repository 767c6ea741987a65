package dev.kaka.worker.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Marks a workspace as in use by a live process: a file lock on {@code <workspace>.lock}, held from
 * before the directory exists until after it is deleted. The operating system drops the lock when
 * the process dies, which is how a janitor tells a leftover workspace from one another worker still
 * uses.
 */
final class WorkspaceLock {

  static final String SUFFIX = ".lock";

  private final Path file;
  private final FileChannel channel;

  private WorkspaceLock(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Locks a workspace that does not exist yet; fails if its lock file does. */
  static WorkspaceLock create(Path workspace) throws IOException {
    Path file = lockFileOf(workspace);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      channel.lock();
      return new WorkspaceLock(file, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** Locks a workspace whose owner is gone, or returns empty while a live process holds it. */
  static Optional<WorkspaceLock> takeOverAbandoned(Path workspace) throws IOException {
    Path file = lockFileOf(workspace);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new WorkspaceLock(file, channel));
      }
    } catch (OverlappingFileLockException e) {
      // held by this very process: the workspace is in use
    }
    channel.close();
    return Optional.empty();
  }

  private static Path lockFileOf(Path workspace) {
    return workspace.resolveSibling(workspace.getFileName() + SUFFIX);
  }

  /** Deletes the lock file, then releases the lock; call once the workspace directory is gone. */
  void deleteAndRelease() throws IOException {
    try {
      Files.deleteIfExists(file);
    } finally {
      channel.close();
    }
  }
}
