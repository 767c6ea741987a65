package dev.kaka.ingress.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=api-access-test",
      "kaka.api.token=right-token",
      "kaka.api.token-user=ci-bot",
      "kaka.api.username=ops",
      "kaka.api.password=right-password"
    })
@AutoConfigureWebTestClient
class ApiAccessTest {

  static final String[] MUTATING = {
    "/api/tasks/no-such-task/retry", "/api/tasks/no-such-task/cancel"
  };

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-access-test"));
  }

  @Autowired WebTestClient client;

  static Stream<Arguments> refused() {
    return Stream.of(MUTATING)
        .flatMap(
            path ->
                Stream.of(
                    Arguments.of(path, null),
                    Arguments.of(path, "Bearer wrong-token"),
                    Arguments.of(path, "Bearer "),
                    Arguments.of(path, basic("ops", "wrong-password")),
                    Arguments.of(path, basic("someone", "right-password")),
                    Arguments.of(path, "Basic not-base64!"),
                    Arguments.of(path, "Token right-token")));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("refused")
  void aMutatingCallWithoutTheRightCredentialsIsUnauthorized(String path, String authorization) {
    WebTestClient.RequestHeadersSpec<?> request = client.post().uri(path);
    if (authorization != null) {
      request = request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    request
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kaka\"")
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("unauthorized");
  }

  static Stream<Arguments> accepted() {
    return Stream.of(MUTATING)
        .flatMap(
            path ->
                Stream.of(
                    Arguments.of(path, "Bearer right-token"),
                    Arguments.of(path, basic("ops", "right-password"))));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("accepted")
  void aMutatingCallWithTheRightCredentialsReachesTheTask(String path, String authorization) {
    // the credentials pass; the task does not exist
    client
        .post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, authorization)
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void meNamesTheUserOfTheCredentials() {
    client
        .get()
        .uri("/api/me")
        .header(HttpHeaders.AUTHORIZATION, "Bearer right-token")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("ci-bot");
    client
        .get()
        .uri("/api/me")
        .header(HttpHeaders.AUTHORIZATION, basic("ops", "right-password"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("ops");
    client.get().uri("/api/me").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void theReadApiIsPrivateByDefault() {
    client.get().uri("/api/tasks").exchange().expectStatus().isUnauthorized();
    client.get().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized();
    client
        .get()
        .uri("/api/tasks")
        .header(HttpHeaders.AUTHORIZATION, "Bearer right-token")
        .exchange()
        .expectStatus()
        .isOk();
  }

  /**
   * What a form on another site could make a browser send, with the cookie of a proxy that adds the
   * credentials: refused unless the dashboard's CSRF token comes with it.
   */
  static Stream<Arguments> forgedWrites() {
    return Stream.of(MUTATING)
        .flatMap(
            path ->
                Stream.of(
                    Arguments.of(path, Map.of(HttpHeaders.COOKIE, "_oauth2_proxy=session")),
                    Arguments.of(path, Map.of("Sec-Fetch-Site", "cross-site")),
                    Arguments.of(
                        path,
                        Map.of(
                            HttpHeaders.COOKIE,
                            "XSRF-TOKEN=cookie-value",
                            "X-XSRF-TOKEN",
                            "another-value"))));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("forgedWrites")
  void aBrowsersWriteWithoutTheCsrfTokenIsForbiddenEvenWithCredentials(
      String path, Map<String, String> browserHeaders) {
    WebTestClient.RequestHeadersSpec<?> request =
        client.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer right-token");
    browserHeaders.forEach(request::header);

    request
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("forbidden");
  }

  @Test
  void theDashboardGetsTheCsrfCookieAndItsWritesPassWithIt() {
    String cookie =
        client
            .get()
            .uri("/")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseCookies()
            .getFirst("XSRF-TOKEN")
            .getValue();

    for (String path : MUTATING) {
      client
          .post()
          .uri(path)
          .header(HttpHeaders.AUTHORIZATION, "Bearer right-token")
          .header("Sec-Fetch-Site", "same-origin")
          .cookie("XSRF-TOKEN", cookie)
          .header("X-XSRF-TOKEN", cookie)
          .exchange()
          // past security; the task does not exist
          .expectStatus()
          .isNotFound();
    }
  }

  @Test
  void theWebhookHealthAndDashboardFilesNeedNoCredentials() {
    // 400: the delivery lacks GitHub's headers, so it got past security to the signed endpoint
    client.post().uri("/webhooks/github").exchange().expectStatus().isBadRequest();
    int health =
        client
            .get()
            .uri("/actuator/health/liveness")
            .exchange()
            .returnResult(String.class)
            .getStatus()
            .value();
    assertThat(health).isEqualTo(200);
    client.get().uri("/").exchange().expectStatus().isOk();
    client.get().uri("/dashboard/app.js").exchange().expectStatus().isOk();
  }

  @Test
  void theTaskApiIsDescribedInOpenApi() {
    client
        .get()
        .uri("/v3/api-docs")
        .header(HttpHeaders.AUTHORIZATION, "Bearer right-token")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.paths['/api/tasks'].get")
        .exists()
        .jsonPath("$.paths['/api/tasks/{id}'].get")
        .exists()
        .jsonPath("$.paths['/api/tasks/{id}/transcript'].get")
        .exists()
        .jsonPath("$.paths['/api/tasks/{id}/retry'].post")
        .exists()
        .jsonPath("$.paths['/api/tasks/{id}/cancel'].post")
        .exists();
    client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
