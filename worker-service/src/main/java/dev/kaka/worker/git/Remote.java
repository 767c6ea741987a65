package dev.kaka.worker.git;

import java.time.Duration;
import org.eclipse.jgit.api.TransportCommand;

/**
 * How to reach a repository's remote: its URL without credentials (safe to store and to show), and
 * the credentials and time-out applied to each operation.
 */
record Remote(String url, GitCredentials credentials, Duration timeout) {

  static Remote of(String cloneUrl, GitCredentials credentials, Duration timeout) {
    return new Remote(SecretScrubber.withoutCredentials(cloneUrl), credentials, timeout);
  }

  /** Sets fresh credentials (a rotated token is picked up) and the idle time-out on the command. */
  <C extends TransportCommand<C, ?>> C authorize(C command) {
    return command
        .setCredentialsProvider(credentials.provider())
        .setTimeout((int) Math.max(1, timeout.toSeconds()));
  }
}
