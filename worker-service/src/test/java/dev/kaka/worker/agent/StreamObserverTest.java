package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the runner reads from a run's stream while it goes on, checked on the real CLI's output. */
class StreamObserverTest {

  @Test
  void followsTurnsToolsAndWrittenFiles() {
    List<String> lines = Recordings.lines("write_file.jsonl");
    StreamObserver observer = new StreamObserver(List.of(Recordings.WORKSPACE));

    lines.subList(0, 3).forEach(observer::accept);
    AgentProgress beforeTheToolRan = observer.progress();
    observer.accept(lines.get(3));
    AgentProgress afterTheToolRan = observer.progress();
    lines.subList(4, lines.size()).forEach(observer::accept);

    assertThat(beforeTheToolRan).isEqualTo(new AgentProgress(1, "Write", List.of()));
    assertThat(afterTheToolRan).isEqualTo(new AgentProgress(1, "Write", List.of("KAKA_CHANGE.md")));
    assertThat(observer.progress())
        .isEqualTo(new AgentProgress(2, "Write", List.of("KAKA_CHANGE.md")));
    assertThat(observer.result()).isPresent();
    assertThat(observer.apiError()).isEmpty();
  }

  @Test
  void countsAChangeOnlyWhenThereIsNews() {
    StreamObserver observer = new StreamObserver(List.of(Recordings.WORKSPACE));
    List<String> lines = Recordings.lines("max_turns.jsonl");

    observer.accept(lines.get(0));
    long afterInit = observer.changes();
    lines.forEach(observer::accept);

    assertThat(afterInit).isZero();
    assertThat(observer.changes()).isPositive();
    assertThat(observer.progress()).isEqualTo(new AgentProgress(2, "Read", List.of()));
  }

  @Test
  void aRefusedWriteIsNoFileTouched() {
    StreamObserver observer = new StreamObserver(List.of(Path.of("/work")));
    observer.accept(
        "{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"model\":\"x\","
            + "\"content\":["
            + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Write\","
            + "\"input\":{\"file_path\":\"/work/a.txt\"}},"
            + "{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"Edit\","
            + "\"input\":{\"file_path\":\"/etc/hosts\"}},"
            + "{\"type\":\"tool_use\",\"id\":\"t3\",\"name\":\"Edit\","
            + "\"input\":{\"file_path\":\"src/b.txt\"}}]}}");
    observer.accept(
        "{\"type\":\"user\",\"message\":{\"content\":["
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"is_error\":true},"
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"t2\"},"
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"t3\"}]}}");

    assertThat(observer.progress().filesTouched()).containsExactly("src/b.txt");
    assertThat(observer.progress().currentTool()).isEqualTo("Edit");
  }

  @ParameterizedTest
  @CsvSource({
    "not_logged_in.jsonl,      authentication_failed, ,                  ",
    "unauthorized.jsonl,       authentication_failed, ,                  401",
    "connection_refused.jsonl, server_error,          connection_failed, ",
    "server_error.jsonl,       server_error,          ,                  500"
  })
  void readsTheApiErrorTheCliReportsInsteadOfAnAnswer(
      String recording, String error, String cause, Integer status) {
    StreamObserver observer = Recordings.observed(recording);

    assertThat(observer.apiError())
        .hasValueSatisfying(
            apiError -> {
              assertThat(apiError.error()).isEqualTo(error);
              assertThat(apiError.cause()).isEqualTo(cause);
              assertThat(apiError.status()).isEqualTo(status);
              assertThat(apiError.text()).isNotBlank();
            });
    assertThat(observer.progress().turns()).isZero();
  }

  @Test
  void aKilledRunHasNoResult() {
    StreamObserver observer = Recordings.observed("timed_out.jsonl");

    assertThat(observer.result()).isEmpty();
    assertThat(observer.progress()).isEqualTo(new AgentProgress(0, null, List.of()));
  }
}
