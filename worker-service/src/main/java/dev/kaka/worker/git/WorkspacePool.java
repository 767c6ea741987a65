package dev.kaka.worker.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working trees of finished tasks, kept so that a later task on the same repository only has to
 * change what differs instead of writing every file: at most {@code capacity} of them, the least
 * recently used deleted first. A tree is kept only where it can be checked safely before reuse
 * ({@link TreeSweep#SUPPORTED}, {@link ProcessesInDirectory#SUPPORTED}) and no process still works
 * in it; every other tree is deleted when its task ends. Thread-safe.
 */
final class WorkspacePool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkspacePool.class);

  private final int capacity;

  /** Most recently released first. */
  private final LinkedList<CheckedOutTree> idle = new LinkedList<>();

  private boolean closed;

  WorkspacePool(int capacity) {
    this.capacity = TreeSweep.SUPPORTED && ProcessesInDirectory.SUPPORTED ? capacity : 0;
  }

  /**
   * Whether trees are kept at all; when not, nobody needs to remember how they were checked out.
   */
  boolean enabled() {
    return capacity > 0;
  }

  /** The most recently released tree that borrows from {@code mirror}, now the caller's. */
  synchronized Optional<CheckedOutTree> take(Path mirror) {
    for (Iterator<CheckedOutTree> trees = idle.iterator(); trees.hasNext(); ) {
      CheckedOutTree tree = trees.next();
      if (tree.mirror().equals(mirror)) {
        trees.remove();
        return Optional.of(tree);
      }
    }
    return Optional.empty();
  }

  /**
   * Takes back the tree of a finished task, scrubbed of everything the task left, or deletes it if
   * it cannot be reused; may delete the least recently used one to stay within capacity.
   */
  void release(CheckedOutTree tree) {
    if (!enabled() || ProcessesInDirectory.any(tree.directory()) || !scrubbed(tree)) {
      delete(tree);
      return;
    }
    List<CheckedOutTree> evicted = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        // a task that outlived the shutdown: nobody will take its tree any more
        evicted.add(tree);
      } else {
        idle.addFirst(tree);
      }
      while (idle.size() > capacity) {
        evicted.add(idle.removeLast());
      }
    }
    evicted.forEach(WorkspacePool::delete);
  }

  private static boolean scrubbed(CheckedOutTree tree) {
    try {
      WorkspaceCheckout.scrub(tree);
      return true;
    } catch (IOException | RuntimeException e) {
      log.info("Not keeping workspace {} for reuse: {}", tree.directory(), e.toString());
      return false;
    }
  }

  /** Deletes the idle trees; for shutdown. */
  @Override
  public void close() {
    List<CheckedOutTree> trees;
    synchronized (this) {
      closed = true;
      trees = new ArrayList<>(idle);
      idle.clear();
    }
    trees.forEach(WorkspacePool::delete);
  }

  /**
   * Deletes the tree, then its lock. Failures are only logged, so that cleaning up never fails a
   * task whose work was pushed; whatever is left, the janitor removes at the next start.
   */
  static void delete(CheckedOutTree tree) {
    delete(tree.directory(), tree.lock());
  }

  static void delete(Path directory, WorkspaceLock lock) {
    try {
      Directories.deleteRecursively(directory);
    } catch (IOException e) {
      log.warn("Could not delete workspace {}: {}", directory, e.toString());
    }
    try {
      lock.deleteAndRelease();
    } catch (IOException e) {
      log.warn("Could not delete the lock of workspace {}: {}", directory, e.toString());
    }
  }
}
