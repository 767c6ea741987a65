package dev.kaka.worker.session;

/** The session store could not be written or read in time. */
public class SessionStoreException extends RuntimeException {

  public SessionStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
