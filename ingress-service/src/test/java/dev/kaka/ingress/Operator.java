package dev.kaka.ingress;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The operator's bearer token, for tests that read the task API: it needs credentials unless {@code
 * kaka.api.public-read} is on. Add {@link #PROPERTY} to the test's properties.
 */
public final class Operator {

  public static final String TOKEN = "operator-test-token";
  public static final String PROPERTY = "kaka.api.token=" + TOKEN;

  private Operator() {}

  /** {@code anonymous}, sending the operator's token with every request. */
  public static WebTestClient client(WebTestClient anonymous) {
    return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).build();
  }
}
