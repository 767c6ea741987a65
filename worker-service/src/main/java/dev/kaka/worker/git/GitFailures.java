package dev.kaka.worker.git;

import dev.kaka.support.secrets.SecretMasker;
import java.io.IOException;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;

/**
 * Turns JGit and I/O failures into {@link GitOperationException}s: a message a maintainer can act
 * on, a verdict on whether a retry can help, and a cause chain with every secret removed.
 */
final class GitFailures {

  /** What the token needs to be allowed to do for the failed operation; used in the advice. */
  enum Access {
    READ("read"),
    WRITE("push to");

    private final String verb;

    Access(String verb) {
      this.verb = verb;
    }
  }

  /** JGit starts transport messages with the remote's URI, which our message already names. */
  private static final Pattern LEADING_URI =
      Pattern.compile("^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|/)\\S*: ");

  /** Stops a pathological cause chain (they can be cyclic) from recursing forever. */
  private static final int MAX_CAUSES = 16;

  /** No secret to scrub: for failures before any remote was contacted. */
  static final GitFailures WITHOUT_SECRETS = new GitFailures(List::of);

  private final Supplier<? extends Collection<String>> secrets;

  /**
   * @param secrets the tokens that may appear in a failure, asked for when one is described
   */
  GitFailures(Supplier<? extends Collection<String>> secrets) {
    this.secrets = secrets;
  }

  /**
   * A failed clone, fetch or push, e.g. {@code remote("clone", url, READ, e)} gives "Could not
   * clone https://github.com/o/r.git: repository not found. …".
   */
  GitOperationException remote(String action, String url, Access access, Throwable failure) {
    TransportException transport = find(failure, TransportException.class);
    boolean notFound =
        find(failure, NoRemoteRepositoryException.class) != null
            || find(failure, InvalidRemoteException.class) != null;
    if (!notFound && transport == null) {
      return local(action + " " + url, failure);
    }
    // JGit's own message templates, so that a rewording in a JGit upgrade is picked up
    JGitText text = JGitText.get();
    String message = notFound ? "" : String.valueOf(transport.getMessage());
    String can = "can " + access.verb + " the repository";
    String reason;
    boolean retryable = false;
    if (notFound) {
      reason =
          "repository not found. Check the owner and name, and that the token "
              + can
              + " (GitHub answers \"not found\" when a token cannot see a private repository).";
    } else if (containsTemplate(message, text.noCredentialsProvider)) {
      reason =
          "authentication required, but no token is configured. Set kaka.github.token to a token"
              + " that "
              + can
              + ".";
    } else if (containsTemplate(message, text.notAuthorized)
        || containsTemplate(message, text.authenticationNotSupported)) {
      reason = "not authorized. Check that the token is valid and " + can + ".";
    } else if (containsTemplate(message, text.serviceNotPermitted)) {
      reason = "permission denied. Check that the token " + can + ".";
    } else {
      reason =
          describe(transport) + ". This looks like a network or server problem; retrying may help.";
      retryable = true;
    }
    return create("Could not " + action + " " + url + ": " + reason, retryable, failure);
  }

  /** Whether the remote refused the credentials of a clone, fetch or push. */
  static boolean notAuthorized(Throwable failure) {
    TransportException transport = find(failure, TransportException.class);
    return transport != null
        && containsTemplate(String.valueOf(transport.getMessage()), JGitText.get().notAuthorized);
  }

  /**
   * A failure on this machine, e.g. while committing. Plain I/O errors (a full disk, a lock left by
   * a killed process) may go away; anything else is a problem a retry would only repeat.
   */
  GitOperationException local(String action, Throwable failure) {
    return create(
        "Could not " + action + ": " + describe(failure) + ".",
        find(failure, IOException.class) != null,
        failure);
  }

  /** A failure detected by this package itself rather than thrown by JGit. */
  GitOperationException failure(String message, boolean retryable) {
    return new GitOperationException(scrub(message), retryable);
  }

  private GitOperationException create(String message, boolean retryable, Throwable failure) {
    return new GitOperationException(scrub(message), retryable, scrubbedCopy(failure, 0));
  }

  private String scrub(String text) {
    return SecretMasker.of(secrets.get()).mask(text);
  }

  /** The failure's own words without the repeated URI, plus its root cause when that says more. */
  private static String describe(Throwable failure) {
    String message =
        failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    message = LEADING_URI.matcher(message).replaceFirst("");
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && depth < MAX_CAUSES; depth++) {
      root = root.getCause();
    }
    if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return message;
  }

  /** Whether the message contains the JGit message template, whatever its arguments were. */
  private static boolean containsTemplate(String message, String template) {
    String marker = "\u0000";
    String[] literals = MessageFormat.format(template, marker, marker).split(marker, -1);
    String regex = Arrays.stream(literals).map(Pattern::quote).collect(Collectors.joining(".*"));
    return Pattern.compile(regex, Pattern.DOTALL).matcher(message).find();
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      current = current.getCause();
    }
    return null;
  }

  /**
   * JGit's exceptions repeat the URL they failed on, which may carry credentials; a logged stack
   * trace would show them. The copy keeps each cause's class name, scrubbed message and stack
   * trace.
   */
  private Throwable scrubbedCopy(Throwable failure, int depth) {
    if (failure == null || depth >= MAX_CAUSES) {
      return null;
    }
    return new ScrubbedCause(
        failure.getClass().getName() + ": " + scrub(String.valueOf(failure.getMessage())),
        scrubbedCopy(failure.getCause(), depth + 1),
        failure.getStackTrace());
  }

  /** A cause with the original's class name in its message, printed as if it were the original. */
  private static final class ScrubbedCause extends Exception {

    ScrubbedCause(String description, Throwable cause, StackTraceElement[] stackTrace) {
      super(description, cause, false, true);
      setStackTrace(stackTrace);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
