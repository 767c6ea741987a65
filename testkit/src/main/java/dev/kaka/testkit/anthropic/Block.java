package dev.kaka.testkit.anthropic;

import java.util.Map;
import java.util.Objects;

/** One content block of a scripted model answer: text, or a request to use a tool. */
public sealed interface Block permits Block.Text, Block.ToolUse {

  static Block text(String text) {
    return new Text(text);
  }

  /**
   * @param input the tool's arguments, as the model would send them (for Write: file_path and
   *     content)
   */
  static Block toolUse(String name, Map<String, Object> input) {
    return new ToolUse(name, input);
  }

  record Text(String text) implements Block {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  record ToolUse(String name, Map<String, Object> input) implements Block {
    public ToolUse {
      Objects.requireNonNull(name, "name");
      input = Map.copyOf(input);
    }
  }
}
