package dev.kaka.ingress.task;

import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/tasks/stream}: server-sent events, one {@code task} event with the task as {@code
 * GET /api/tasks/{id}} shows it whenever it changes, and a comment every 15 s so that proxies keep
 * the connection open.
 */
@RestController
@RequestMapping("/api/tasks")
class TaskStreamController {

  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final TaskChanges changes;

  TaskStreamController(TaskChanges changes) {
    this.changes = changes;
  }

  @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<TaskView>> stream() {
    Flux<ServerSentEvent<TaskView>> tasks =
        changes
            .changes()
            .map(task -> ServerSentEvent.builder(task).event("task").id(task.id()).build());
    Flux<ServerSentEvent<TaskView>> heartbeat =
        Flux.interval(HEARTBEAT)
            .map(tick -> ServerSentEvent.<TaskView>builder().comment("keep-alive").build());
    return Flux.merge(tasks, heartbeat);
  }
}
