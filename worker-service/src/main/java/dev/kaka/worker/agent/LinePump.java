package dev.kaka.worker.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a process's output line by line, as it arrives, on a thread of its own. Both of the agent's
 * pipes need one: a pipe nobody reads fills up and the agent blocks writing to it.
 */
final class LinePump {

  private static final Logger log = LoggerFactory.getLogger(LinePump.class);

  private final Thread thread;

  private LinePump(Thread thread) {
    this.thread = thread;
  }

  static LinePump start(InputStream stream, Consumer<String> sink, String name) {
    Thread thread = new Thread(() -> pump(stream, sink, name), name);
    // A process the agent left behind can keep the pipe open; that must not keep the worker alive.
    thread.setDaemon(true);
    thread.start();
    return new LinePump(thread);
  }

  /**
   * @return whether the stream ended within the wait
   */
  boolean await(Duration wait) throws InterruptedException {
    thread.join(Math.max(1, wait.toMillis()));
    return !thread.isAlive();
  }

  private static void pump(InputStream stream, Consumer<String> sink, String name) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        sink.accept(line);
      }
    } catch (IOException e) {
      // The stream is closed under us when the process is destroyed: nothing more to read.
      log.debug("{} ended: {}", name, e.toString());
    }
  }
}
