package dev.kaka.worker.git;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * What the base commit's {@code .gitignore} files ignore, read from their blobs, never from the
 * working tree: an agent that edits a {@code .gitignore} can neither hide a file from the commit
 * nor slip in build output; its edit is committed like any other and applies from the next task on.
 * The repository's {@code info/exclude}, {@code core.excludesFile} and the user's global ignore
 * file are not consulted: the agent could have written all of them.
 */
final class BaseIgnoreRules {

  /** By directory, repo-relative without a trailing slash; the root is the empty string. */
  private final Map<String, IgnoreNode> byDirectory;

  private BaseIgnoreRules(Map<String, IgnoreNode> byDirectory) {
    this.byDirectory = byDirectory;
  }

  static BaseIgnoreRules of(DirCache base, ObjectReader reader) throws IOException {
    Map<String, IgnoreNode> byDirectory = new HashMap<>();
    for (int i = 0; i < base.getEntryCount(); i++) {
      DirCacheEntry entry = base.getEntry(i);
      String path = entry.getPathString();
      int slash = path.lastIndexOf('/');
      boolean file =
          FileMode.REGULAR_FILE.equals(entry.getFileMode())
              || FileMode.EXECUTABLE_FILE.equals(entry.getFileMode());
      if (file && path.substring(slash + 1).equals(Constants.GITIGNORE_FILENAME)) {
        IgnoreNode node = new IgnoreNode();
        try (InputStream rules = reader.open(entry.getObjectId()).openStream()) {
          node.parse(path, rules);
        }
        byDirectory.put(slash < 0 ? "" : path.substring(0, slash), node);
      }
    }
    return new BaseIgnoreRules(byDirectory);
  }

  /**
   * Whether git would ignore the untracked {@code path}, given that no directory above it is
   * ignored: the nearest {@code .gitignore} with a matching rule decides, as in git.
   */
  boolean ignores(String path, boolean directory) {
    String parent = path;
    while (!parent.isEmpty()) {
      int slash = parent.lastIndexOf('/');
      parent = slash < 0 ? "" : parent.substring(0, slash);
      IgnoreNode node = byDirectory.get(parent);
      if (node != null) {
        String relative = parent.isEmpty() ? path : path.substring(parent.length() + 1);
        Boolean ignored = node.checkIgnored(relative, directory);
        if (ignored != null) {
          return ignored;
        }
      }
    }
    return false;
  }
}
