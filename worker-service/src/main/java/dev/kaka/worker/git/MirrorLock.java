package dev.kaka.worker.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one mirror for as long as it is being cloned or fetched: against other
 * threads through an in-memory lock, against other worker processes on the host through a file lock
 * next to the mirror ({@code <name>.git.lock}, never deleted, so that all processes always lock the
 * same file).
 */
final class MirrorLock implements AutoCloseable {

  /**
   * Static because file locks belong to the whole JVM: a second lock on the same file from this JVM
   * would fail instead of wait, so every thread must queue on the in-memory lock first, whichever
   * {@link MirrorCache} it came through.
   */
  private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final ReentrantLock inProcess;
  private final FileChannel file;

  private MirrorLock(ReentrantLock inProcess, FileChannel file) {
    this.inProcess = inProcess;
    this.file = file;
  }

  /**
   * Waits until no other thread or process works on the mirror; its parent directory must exist.
   */
  static MirrorLock acquire(Path mirror) throws IOException, InterruptedException {
    Path key = mirror.toAbsolutePath().normalize();
    ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    inProcess.lockInterruptibly();
    try {
      FileChannel file =
          FileChannel.open(
              key.resolveSibling(key.getFileName() + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      try {
        file.lock();
        return new MirrorLock(inProcess, file);
      } catch (IOException | RuntimeException e) {
        file.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      inProcess.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      file.close();
    } finally {
      inProcess.unlock();
    }
  }
}
