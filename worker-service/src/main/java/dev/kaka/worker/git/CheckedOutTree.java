package dev.kaka.worker.git;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A workspace's working tree as Kaka left it after checking it out, before any agent ran: enough to
 * put it back into exactly that state later ({@link WorkspaceCheckout#scrub}), without trusting
 * anything in the directory.
 *
 * @param directory the working tree
 * @param lock the workspace's lock, held for as long as the tree exists
 * @param mirror the git directory of the mirror it borrows objects from
 * @param index the bytes of {@code .git/index} as the checkout wrote it: the tracked paths and
 *     their file metadata at that moment
 * @param checkedOutAt the status-change time (ctime) of that index file: every file the checkout
 *     wrote changed before it, and any later change to a file, its content, mode or name, moves the
 *     file's ctime past it; unlike the modification time, no process can set it back
 */
record CheckedOutTree(
    Path directory, WorkspaceLock lock, Path mirror, byte[] index, FileTime checkedOutAt) {}
