package dev.kaka.worker.agent;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Follows a run's stream-json output as it arrives: the turns so far, the tool in use, the files
 * written, an API failure, and the final result. Fed by the stdout reader thread, read by the
 * thread that supervises the run.
 */
final class StreamObserver {

  /** The CLI's own stand-in answers (API errors) carry this model; they are not turns. */
  private static final String SYNTHETIC_MODEL = "<synthetic>";

  /** Tools that write a file, and the input that names it. */
  private static final Map<String, String> WRITING_TOOLS =
      Map.of(
          "Write",
          "file_path",
          "Edit",
          "file_path",
          "MultiEdit",
          "file_path",
          "NotebookEdit",
          "notebook_path");

  private final StreamJsonParser parser = new StreamJsonParser();
  private final List<Path> workspaceRoots;
  private final Set<String> turns = new LinkedHashSet<>();
  private final Map<String, String> pendingWrites = new HashMap<>();
  private final Set<String> filesTouched = new TreeSet<>();
  private String currentTool;
  private ApiError apiError;
  private ResultLine result;
  private long changes;

  /**
   * @param workspaceRoots the workspace as given and as resolved, to name files relative to it
   */
  StreamObserver(List<Path> workspaceRoots) {
    this.workspaceRoots = List.copyOf(workspaceRoots);
  }

  synchronized void accept(String line) {
    parser.object(line).ifPresent(this::accept);
  }

  private void accept(JsonNode node) {
    String type = StreamJsonParser.text(node.path("type"));
    if ("result".equals(type)) {
      result = StreamJsonParser.result(node);
    } else if ("assistant".equals(type)) {
      Optional<ApiError> error = StreamJsonParser.apiError(node);
      if (error.isPresent()) {
        apiError = error.get();
      } else {
        assistant(node.path("message"));
      }
    } else if ("user".equals(type)) {
      toolResults(node.path("message").path("content"));
    }
  }

  private void assistant(JsonNode message) {
    String id = StreamJsonParser.text(message.path("id"));
    if (id != null
        && !SYNTHETIC_MODEL.equals(StreamJsonParser.text(message.path("model")))
        && turns.add(id)) {
      changes++;
    }
    for (JsonNode block : message.path("content").values()) {
      if (!"tool_use".equals(StreamJsonParser.text(block.path("type")))) {
        continue;
      }
      String tool = StreamJsonParser.text(block.path("name"));
      if (tool != null) {
        currentTool = tool;
        changes++;
        String pathField = WRITING_TOOLS.get(tool);
        String file =
            pathField == null ? null : StreamJsonParser.text(block.path("input").path(pathField));
        String toolUseId = StreamJsonParser.text(block.path("id"));
        if (file != null && toolUseId != null) {
          pendingWrites.put(toolUseId, file);
        }
      }
    }
  }

  private void toolResults(JsonNode content) {
    for (JsonNode block : content.values()) {
      String file =
          pendingWrites.remove(String.valueOf(StreamJsonParser.text(block.path("tool_use_id"))));
      boolean failed = Boolean.TRUE.equals(StreamJsonParser.flag(block.path("is_error")));
      if (file != null && !failed) {
        relative(file).filter(filesTouched::add).ifPresent(added -> changes++);
      }
    }
  }

  /** The path relative to the workspace; empty for a file outside it. */
  private Optional<String> relative(String file) {
    Path given = Path.of(file);
    Path path = (given.isAbsolute() ? given : workspaceRoots.get(0).resolve(given)).normalize();
    for (Path root : workspaceRoots) {
      if (path.startsWith(root) && !path.equals(root)) {
        return Optional.of(root.relativize(path).toString().replace('\\', '/'));
      }
    }
    return Optional.empty();
  }

  /** Grows with every change to the progress, so a reader can tell whether there is news. */
  synchronized long changes() {
    return changes;
  }

  synchronized AgentProgress progress() {
    return new AgentProgress(turns.size(), currentTool, List.copyOf(filesTouched));
  }

  synchronized Optional<ResultLine> result() {
    return Optional.ofNullable(result);
  }

  synchronized Optional<ApiError> apiError() {
    return Optional.ofNullable(apiError);
  }
}
