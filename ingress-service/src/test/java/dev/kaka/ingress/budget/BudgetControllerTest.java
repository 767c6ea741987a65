package dev.kaka.ingress.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.ingress.Operator;
import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.BudgetScope;
import dev.kaka.taskstore.BudgetWindow;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=budget-api-test",
      Operator.PROPERTY,
      "kaka.budgets.limits[0].repository=octo/budgeted",
      "kaka.budgets.limits[0].daily-usd=1",
      "kaka.budgets.limits[1].organisation=*",
      "kaka.budgets.limits[1].monthly-usd=300"
    })
@AutoConfigureWebTestClient
class BudgetControllerTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  @TestConfiguration
  static class FixedClock {

    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-budget-test"));
  }

  @Autowired WebTestClient client;

  @Autowired ReactiveMongoTemplate mongo;

  @BeforeEach
  void spend() {
    client = Operator.client(client);
    mongo.dropCollection(BudgetDocument.class).block();
    save(
        BudgetKey.of(BudgetScope.REPOSITORY, "octo/budgeted", BudgetWindow.DAY, NOW),
        700_000,
        1_000_000);
    save(
        BudgetKey.of(BudgetScope.ORGANISATION, "octo", BudgetWindow.MONTH, NOW),
        700_000,
        1_000_000);
    // yesterday's: not in a current window
    save(
        BudgetKey.of(
            BudgetScope.REPOSITORY, "octo/budgeted", BudgetWindow.DAY, NOW.minusSeconds(86_400)),
        5_000_000,
        5_000_000);
  }

  @Test
  void eachBudgetInItsCurrentWindowWithItsSpendLimitAndRenewal() {
    client
        .get()
        .uri("/api/budgets?window=day")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json(
            """
            [{"scope":"repository","name":"octo/budgeted","window":"day","period":"2026-12-03",
              "limitUsd":1.00,"spentUsd":0.70,"reservedUsd":0.30,"leftUsd":0.00,
              "renewsAt":"2026-12-04T00:00:00Z"}]
            """,
            JsonCompareMode.STRICT);
    client
        .get()
        .uri("/api/budgets?scope=organisation")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].name")
        .isEqualTo("octo")
        .jsonPath("$[0].period")
        .isEqualTo("2026-12")
        .jsonPath("$[0].limitUsd")
        .isEqualTo(300.00)
        .jsonPath("$[0].spentUsd")
        .isEqualTo(0.70);
  }

  @Test
  void aBudgetNamedInTheSettingsShowsBeforeItSpentAnything() {
    mongo.dropCollection(BudgetDocument.class).block();

    client
        .get()
        .uri("/api/budgets")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(1)
        .jsonPath("$[0].spentUsd")
        .isEqualTo(0.00)
        .jsonPath("$[0].leftUsd")
        .isEqualTo(1.00);
  }

  @ParameterizedTest
  @ValueSource(strings = {"scope=team", "window=week", "scope=", "window=DAY"})
  void anUnknownScopeOrWindowIsABadRequest(String query) {
    client
        .get()
        .uri("/api/budgets?" + query)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("must be one of"));
  }

  private void save(BudgetKey key, long spent, long committed) {
    mongo
        .save(
            new BudgetDocument(
                key.id(),
                key.scope().storedName(),
                key.name(),
                key.window().storedName(),
                key.period(),
                spent,
                committed,
                Map.of(),
                Map.of(),
                Map.of(),
                null))
        .block();
  }
}
