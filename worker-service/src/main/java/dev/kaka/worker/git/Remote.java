package dev.kaka.worker.git;

import java.time.Duration;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.Transport;

/**
 * How to reach a repository's remote: its URL, built from {@code kaka.git.remote-url} and so free
 * of credentials (safe to store and to show), and the credentials and time-out applied to each
 * operation.
 */
record Remote(String url, RemoteCredentials credentials, Duration timeout) {

  /** Failures of operations on this remote, scrubbed of every token it handed out. */
  GitFailures failures() {
    return new GitFailures(credentials::secrets);
  }

  /**
   * Whether {@code failure} is the remote refusing a token that can be replaced, which then is: the
   * operation is worth one more try.
   */
  boolean renewsRefusedToken(Throwable failure) {
    return GitFailures.notAuthorized(failure) && credentials.renew();
  }

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
