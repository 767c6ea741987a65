package dev.kaka.worker.git;

import java.time.Duration;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.Transport;

/**
 * How to reach a repository's remote: its URL, built from {@code kaka.git.remote-url} and so free
 * of credentials (safe to store and to show), and the credentials and time-out applied to each
 * operation.
 */
record Remote(String url, GitCredentials credentials, Duration timeout) {

  /** Sets fresh credentials (a rotated token is picked up) and the idle time-out on the command. */
  <C extends TransportCommand<C, ?>> C authorize(C command) {
    return command.setCredentialsProvider(credentials.provider()).setTimeout(timeoutSeconds());
  }

  /** Like {@link #authorize}, for a transport opened directly. */
  void configure(Transport transport) {
    transport.setCredentialsProvider(credentials.provider());
    transport.setTimeout(timeoutSeconds());
  }

  private int timeoutSeconds() {
    return (int) Math.max(1, timeout.toSeconds());
  }
}
