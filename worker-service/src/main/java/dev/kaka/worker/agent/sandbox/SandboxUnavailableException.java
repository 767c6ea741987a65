package dev.kaka.worker.agent.sandbox;

/** The agent cannot be fenced in on this worker; another worker may succeed. */
public final class SandboxUnavailableException extends RuntimeException {

  public SandboxUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public SandboxUnavailableException(String message) {
    super(message);
  }
}
