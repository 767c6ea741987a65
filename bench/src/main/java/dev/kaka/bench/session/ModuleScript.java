package dev.kaka.bench.session;

import dev.kaka.testkit.anthropic.Block;
import dev.kaka.testkit.anthropic.MessagesRequest;
import dev.kaka.testkit.anthropic.Reply;
import dev.kaka.testkit.anthropic.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model that understands a module before it edits it: it reads every file of the module it has
 * not seen in the conversation yet, one a turn, then writes its change and finishes. Asked first to
 * fix the module, it writes {@value #FIRST_FILE}; asked to follow up, {@value #FOLLOW_UP_FILE}.
 */
final class ModuleScript implements Script {

  static final String FIRST_PROMPT = "Fix the rounding bug in the billing module.";
  static final String FOLLOW_UP_PROMPT = "Also add a test for the rounding fix.";
  static final String FIRST_FILE = "FIX.md";
  static final String FOLLOW_UP_FILE = "TEST.md";

  private final int files;

  ModuleScript(int files) {
    this.files = files;
  }

  /** The module: {@code files} source files of about 4 KB, each with a marker of its own. */
  static Path writeModule(Path directory, int files) throws IOException {
    Files.createDirectories(directory);
    for (int file = 0; file < files; file++) {
      StringBuilder source = new StringBuilder("// " + marker(file) + "\n");
      for (int line = 0; source.length() < 4096; line++) {
        source.append("  long amount").append(line).append(" = round(price * quantity);\n");
      }
      Files.writeString(directory.resolve(name(file)), source);
    }
    return directory;
  }

  @Override
  public Reply answer(MessagesRequest request) {
    String conversation = request.body().path("messages").toString();
    boolean followUp = conversation.contains(FOLLOW_UP_PROMPT);
    String target = followUp ? FOLLOW_UP_FILE : FIRST_FILE;
    Path directory = request.workingDirectory().orElseThrow();
    for (int file = 0; file < files; file++) {
      if (!conversation.contains(marker(file))) {
        return Reply.message(
            Block.text("Let me read " + name(file) + "."),
            Block.toolUse("Read", Map.of("file_path", directory.resolve(name(file)).toString())));
      }
    }
    boolean written =
        request.toolResults().stream().anyMatch(result -> result.content().contains(target));
    return written
        ? Reply.message(Block.text("Done: " + target + "."))
        : Reply.message(
            Block.text("I know the module now; writing " + target + "."),
            Block.toolUse(
                "Write",
                Map.of(
                    "file_path",
                    directory.resolve(target).toString(),
                    "content",
                    "Rounding now uses HALF_EVEN.\n")));
  }

  private static String marker(int file) {
    return "BILLING-MODULE-FILE-" + file;
  }

  private static String name(int file) {
    return "Billing" + file + ".java";
  }
}
