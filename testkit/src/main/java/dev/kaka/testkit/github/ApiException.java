package dev.kaka.testkit.github;

import java.util.List;

/** Ends a REST call with a GitHub error response; thrown wherever the handler finds the problem. */
final class ApiException extends RuntimeException {

  private final int status;
  private final transient List<ValidationError> errors;

  private ApiException(int status, String message, List<ValidationError> errors) {
    // Control flow, not a bug: a stack trace would only cost time.
    super(message, null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  static ApiException notFound() {
    return notFound("Not Found");
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message, List.of());
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message, List.of());
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, message, List.of());
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, message, List.of());
  }

  /** A 422 that GitHub answers with a message of its own and no {@code errors} array. */
  static ApiException unprocessable(String message) {
    return new ApiException(422, message, List.of());
  }

  static ApiException validationFailed(ValidationError error) {
    return new ApiException(422, "Validation Failed", List.of(error));
  }

  int status() {
    return status;
  }

  List<ValidationError> errors() {
    return errors;
  }

  /**
   * One entry of the {@code errors} array GitHub adds to a 422; absent parts are left out of the
   * JSON.
   */
  record ValidationError(String resource, String field, String code, String message) {

    static ValidationError missingField(String resource, String field) {
      return new ValidationError(resource, field, "missing_field", null);
    }

    static ValidationError invalid(String resource, String field) {
      return new ValidationError(resource, field, "invalid", null);
    }

    static ValidationError custom(String resource, String message) {
      return new ValidationError(resource, null, "custom", message);
    }
  }
}
