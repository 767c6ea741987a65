package dev.kaka.local;

/** The system was asked to stop (Ctrl-C, a signal) before it had started. */
final class StoppedWhileStarting extends RuntimeException {

  StoppedWhileStarting() {
    super("stopped while starting", null, false, false);
  }
}
