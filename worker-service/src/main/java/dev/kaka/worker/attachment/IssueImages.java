package dev.kaka.worker.attachment;

import dev.kaka.worker.git.Directories;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of one task, saved for its agent to read, and those that could not be used; close it
 * when the task's run has ended, and the files are deleted.
 *
 * @param directory the task's own directory that holds the images; the agent may read it
 * @param saved the images' files, in the order they appear in the issue
 * @param skipped each image that was not saved, named, with the reason
 */
public record IssueImages(Path directory, List<Path> saved, List<String> skipped)
    implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IssueImages.class);

  /** A task without images. */
  public static final IssueImages NONE = new IssueImages(null, List.of(), List.of());

  public IssueImages {
    saved = List.copyOf(saved);
    skipped = List.copyOf(skipped);
  }

  /** The directory the agent must be able to read; empty when no image was saved. */
  public List<Path> readablePaths() {
    return saved.isEmpty() ? List.of() : List.of(directory);
  }

  @Override
  public void close() {
    if (directory == null) {
      return;
    }
    try {
      Directories.deleteRecursively(directory);
    } catch (IOException e) {
      log.warn("Could not delete the images in {}: {}", directory, e.toString());
    }
  }
}
