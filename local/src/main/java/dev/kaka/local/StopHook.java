package dev.kaka.local;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops what {@code ./kaka} started when the JVM is told to stop (Ctrl-C, SIGTERM, SIGHUP), at any
 * moment: it is registered before the first child process exists, so none outlives the launcher.
 * Closing it stops the same way without a signal.
 */
final class StopHook implements AutoCloseable {

  private final Runnable stop;
  private final Thread hook;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private StopHook(Runnable stop) {
    this.stop = stop;
    this.hook = new Thread(this::stopOnce, "kaka-stop");
  }

  static StopHook register(Runnable stop) {
    StopHook stopHook = new StopHook(stop);
    Runtime.getRuntime().addShutdownHook(stopHook.hook);
    return stopHook;
  }

  /** Blocks until a signal has stopped everything. */
  void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean stopping() {
    return started.get();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: it stops everything, wait for it
      awaitStopped();
      return;
    }
    stopOnce();
  }

  private void stopOnce() {
    if (started.compareAndSet(false, true)) {
      try {
        stop.run();
      } finally {
        stopped.countDown();
      }
    } else {
      awaitStopped();
    }
  }
}
