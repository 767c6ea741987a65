package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SteeringFilesTest {

  @ParameterizedTest
  @CsvSource({
    "CLAUDE.md, true",
    "CLAUDE.local.md, true",
    "docs/api/CLAUDE.md, true",
    ".claude, true",
    ".claude/settings.json, true",
    ".claude/agents/reviewer.md, true",
    ".mcp.json, true",
    "README.md, false",
    "docs/claude.md, false",
    "docs/.mcp.json, false",
    "src/.claude/notes.md, false",
    "NOTCLAUDE.md, false",
  })
  void theFilesThatSteerTheCliAreTheInstructionsAnywhereAndTheSettingsAtTheRoot(
      String path, boolean steers) {
    assertThat(SteeringFiles.steers(path)).isEqualTo(steers);
  }
}
