package dev.kaka.worker.agent;

/**
 * An API failure as the Claude Code CLI reports it: an {@code assistant} line with {@code
 * "is_api_error_message":true} and the error text as its content, printed just before the result.
 *
 * @param error the CLI's category: {@code authentication_failed}, {@code server_error}, {@code
 *     unknown}, ...
 * @param cause more detail where the CLI gives it, such as {@code connection_failed}; else null
 * @param status the HTTP status; null when the API did not answer
 * @param text what the CLI says happened
 */
record ApiError(String error, String cause, Integer status, String text) {

  boolean authentication() {
    return "authentication_failed".equals(error)
        || (status != null && (status == 401 || status == 403));
  }

  /** No answer, a server failure or overload: worth another try later. */
  boolean unavailable() {
    return status == null || status >= 500 || status == 429;
  }
}
