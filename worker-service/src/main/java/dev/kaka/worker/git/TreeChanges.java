package dev.kaka.worker.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What a tree changes against the base commit's tree, path by path: the files a commit of it would
 * add, modify or delete.
 *
 * @param tree the new tree
 * @param contents by sorted path, the blob each changed path holds in the new tree; null for a
 *     deleted path and for a submodule
 */
record TreeChanges(ObjectId tree, Map<String, ObjectId> contents) {

  /**
   * Workflows run with the repository's secrets; GitHub refuses pushes that touch them unless the
   * token holds the {@code workflows} permission, which Kaka never asks for.
   */
  private static final String WORKFLOWS = ".github/workflows";

  static TreeChanges between(ObjectReader reader, ObjectId baseTree, ObjectId tree)
      throws IOException {
    Map<String, ObjectId> contents = new TreeMap<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(baseTree);
      walk.addTree(tree);
      walk.setRecursive(true);
      walk.setFilter(TreeFilter.ANY_DIFF);
      while (walk.next()) {
        FileMode mode = walk.getFileMode(1);
        boolean blob = mode != FileMode.MISSING && mode != FileMode.GITLINK;
        contents.put(walk.getPathString(), blob ? walk.getObjectId(1) : null);
      }
    }
    return new TreeChanges(tree, contents);
  }

  /** The changed paths, repo-relative and sorted. */
  List<String> paths() {
    return List.copyOf(contents.keySet());
  }

  boolean isEmpty() {
    return contents.isEmpty();
  }

  /**
   * @throws ChangeRefusedException if the change adds, modifies or deletes a workflow
   */
  TreeChanges requirePushable() {
    List<String> workflows = new ArrayList<>();
    for (String path : contents.keySet()) {
      String folded = path.toLowerCase(Locale.ROOT);
      if (folded.equals(WORKFLOWS) || folded.startsWith(WORKFLOWS + "/")) {
        workflows.add(path);
      }
    }
    if (!workflows.isEmpty()) {
      throw new ChangeRefusedException(
          "Kaka does not push changes to GitHub Actions workflows ("
              + String.join(", ", workflows)
              + "): its token may not change them. Leave "
              + WORKFLOWS
              + "/ as it is and make that part of the change yourself.");
    }
    return this;
  }
}
