package dev.kaka.worker.git;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A mirror right after it was brought up to date: the heads the remote had at that moment of the
 * branches fetched (see {@link MirrorCache#refresh}). The objects they name stay in the mirror even
 * if a later fetch moves the branches: fetching never deletes objects, and a gc keeps unreachable
 * ones for two weeks ({@code gc.pruneExpire}).
 */
record MirrorState(Path gitDirectory, Map<String, ObjectId> branches) {

  MirrorState {
    branches = Map.copyOf(branches);
  }

  Path objectsDirectory() {
    return gitDirectory.resolve("objects");
  }

  Optional<ObjectId> branch(String name) {
    return Optional.ofNullable(branches.get(name));
  }
}
