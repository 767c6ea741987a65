package dev.kaka.worker.git;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A mirror right after it was brought up to date: the heads the remote had at that moment of the
 * branches fetched (see {@link MirrorCache#refresh}). The objects they name stay in the mirror even
 * if a later fetch moves the branches: fetching never deletes objects, and a gc keeps unreachable
 * ones for two weeks ({@code gc.pruneExpire}).
 *
 * <p>{@code shallowCommits} are the mirror's history boundary at that moment (git's {@code shallow}
 * file): commits whose parents it does not hold, none once the whole history is there. Every
 * repository that borrows the mirror's objects must list them too, or git and JGit look for the
 * missing parents.
 */
record MirrorState(
    Path gitDirectory, Map<String, ObjectId> branches, Set<ObjectId> shallowCommits) {

  MirrorState {
    branches = Map.copyOf(branches);
    shallowCommits = Set.copyOf(shallowCommits);
  }

  boolean shallow() {
    return !shallowCommits.isEmpty();
  }

  Path objectsDirectory() {
    return gitDirectory.resolve("objects");
  }

  Optional<ObjectId> branch(String name) {
    return Optional.ofNullable(branches.get(name));
  }
}
