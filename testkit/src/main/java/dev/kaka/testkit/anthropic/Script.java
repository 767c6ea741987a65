package dev.kaka.testkit.anthropic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the fake model does: one {@link Reply} per request. The ready-made scripts are the scenarios
 * the agent runner must handle.
 */
@FunctionalInterface
public interface Script {

  Reply answer(MessagesRequest request);

  /**
   * Writes {@code content} to {@code file}, a path relative to the client's working directory, with
   * the Write tool, then finishes with {@code summary}.
   */
  static Script writeFile(String file, String content, String summary) {
    return request -> {
      if (request.turn() > 0) {
        return Reply.message(Block.text(summary));
      }
      Path directory =
          request
              .workingDirectory()
              .orElseThrow(
                  () -> new IllegalStateException("The request does not name a working directory"));
      return Reply.message(
          Block.text("I'll add the change file."),
          Block.toolUse(
              "Write",
              Map.of("file_path", directory.resolve(file).toString(), "content", content)));
    };
  }

  /** Reads {@code file} on every turn and never finishes: only a turn limit stops it. */
  static Script readForever(Path file) {
    return request ->
        Reply.message(
            Block.text("Let me look at the file again (" + (request.turn() + 1) + ")."),
            Block.toolUse("Read", Map.of("file_path", file.toAbsolutePath().toString())));
  }

  /**
   * Asks once to run {@code command} with the Bash tool, which a run in {@code acceptEdits} mode
   * refuses for commands that reach the network, then finishes with {@code summary}.
   */
  static Script runCommand(String command, String summary) {
    return request ->
        request.turn() == 0
            ? Reply.message(
                Block.text("I'll run a command first."),
                Block.toolUse("Bash", Map.of("command", command, "description", "Run " + command)))
            : Reply.message(Block.text(summary));
  }

  /**
   * Runs {@code commands} with the Bash tool, one a turn, then finishes with {@code summary}: an
   * agent that works through a list, such as a hostile one trying one escape after another.
   */
  static Script runCommands(java.util.List<String> commands, String summary) {
    return request ->
        request.turn() < commands.size()
            ? Reply.message(
                Block.text("Next, step " + (request.turn() + 1) + "."),
                Block.toolUse(
                    "Bash",
                    Map.of(
                        "command",
                        commands.get(request.turn()),
                        "description",
                        "Step " + (request.turn() + 1))))
            : Reply.message(Block.text(summary));
  }

  /**
   * Answers as {@code script} does, but waits {@code pause} before every answer after the first, as
   * a model that thinks does: a run that stays between two turns long enough to be observed.
   */
  static Script pausing(Duration pause, Script script) {
    return request -> {
      if (request.turn() > 0) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return script.answer(request);
    };
  }

  /** Fails every request with HTTP {@code status} and the API's error {@code type}. */
  static Script failing(int status, String type) {
    return request -> Reply.failure(status, type, "Fake " + type);
  }

  /** Fails every request with HTTP 500, as the API does during an outage. */
  static Script serverError() {
    return request -> Reply.failure(500, "api_error", "Internal server error (fake)");
  }

  /** Accepts every request and never answers. */
  static Script hang() {
    return request -> Reply.hang();
  }
}
