/**
 * Git for one task: a bare mirror per repository as a cache, a throw-away working copy per task
 * that borrows the mirror's objects, and commit and push of what the agent changed.
 *
 * <p>{@link dev.kaka.worker.git.GitWorkspaces} is the entry point; every failure surfaces as a
 * {@link dev.kaka.worker.git.GitOperationException} whose message is safe to show on the issue.
 */
package dev.kaka.worker.git;
