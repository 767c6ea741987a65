package dev.kaka.testkit.anthropic;

import java.util.List;
import java.util.Objects;

/** How the fake answers one {@code POST /v1/messages}. */
public sealed interface Reply permits Reply.Message, Reply.Failure, Reply.Hang {

  /** A streamed answer; it stops for tool use when any block is a tool use. */
  static Reply message(Block... blocks) {
    return new Message(List.of(blocks));
  }

  /** An HTTP error with the API's JSON error body, such as 500 {@code api_error}. */
  static Reply failure(int status, String type, String message) {
    return new Failure(status, type, message);
  }

  /** Accepts the request and never answers, until the fake is closed. */
  static Reply hang() {
    return new Hang();
  }

  record Message(List<Block> blocks) implements Reply {
    public Message {
      if (blocks.isEmpty()) {
        throw new IllegalArgumentException("a message needs at least one block");
      }
      blocks = List.copyOf(blocks);
    }

    boolean usesTools() {
      return blocks.stream().anyMatch(Block.ToolUse.class::isInstance);
    }
  }

  record Failure(int status, String type, String message) implements Reply {
    public Failure {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(message, "message");
    }
  }

  record Hang() implements Reply {}
}
