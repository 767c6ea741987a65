package dev.kaka.ingress.api;

import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * The API's refusals as RFC 9457 problems whose {@code detail} says what to correct: which
 * parameter was wrong and why, or the reason a controller gave. Boot's error answers stay for
 * everything else, and they carry no exception text (see {@code server.error.*}), so nothing
 * internal reaches a caller: the details here are the framework's constraint messages and the
 * controllers' own words.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

  @Override
  protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    ex.getBody().setDetail(violations(ex));
    return super.handleHandlerMethodValidationException(ex, headers, status, exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    MethodParameter parameter = ex.getMethodParameter();
    // the value is not repeated: an answer that echoes input is a reflection an attacker can shape
    if (parameter != null && ex.getCause() instanceof TypeMismatchException) {
      ex.getBody()
          .setDetail(
              parameter.getParameterName()
                  + " must be of type "
                  + parameter.getParameterType().getSimpleName());
    }
    return super.handleServerWebInputException(ex, headers, status, exchange);
  }

  /** {@code size must be less than or equal to 200; page must be greater than or equal to 0}. */
  private static String violations(HandlerMethodValidationException ex) {
    return ex.getParameterValidationResults().stream()
        .flatMap(
            result ->
                result.getResolvableErrors().stream()
                    .map(
                        error ->
                            result.getMethodParameter().getParameterName()
                                + " "
                                + error.getDefaultMessage()))
        .collect(Collectors.joining("; "));
  }
}
