package dev.kaka.testkit.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MongoStandInTest {

  @Test
  void theRealDriverStoresAndFindsDocuments() {
    String uri = MongoStandIn.shared().uri("testkit");
    try (var client = MongoClients.create(uri)) {
      var tasks = client.getDatabase("testkit").getCollection("tasks");
      tasks.insertOne(new Document("_id", "t-1").append("status", "queued"));

      assertThat(tasks.find(new Document("_id", "t-1")).first()).containsEntry("status", "queued");
    }
  }

  @Test
  void aPersistentStandInKeepsDocumentsAcrossRestarts(@TempDir Path dir) {
    Path file = dir.resolve("kaka.mv");
    try (var mongo = MongoStandIn.persistent(file, 0);
        var client = MongoClients.create(mongo.uri("kaka"))) {
      client.getDatabase("kaka").getCollection("tasks").insertOne(new Document("_id", "t-2"));
    }

    try (var mongo = MongoStandIn.persistent(file, 0);
        var client = MongoClients.create(mongo.uri("kaka"))) {
      assertThat(client.getDatabase("kaka").getCollection("tasks").countDocuments()).isEqualTo(1);
    }
  }

  static Stream<Arguments> standIns() {
    return Stream.of(
        Arguments.of(
            Named.of("in memory", (Function<Path, MongoStandIn>) dir -> MongoStandIn.inMemory())),
        Arguments.of(
            Named.of(
                "in a file",
                (Function<Path, MongoStandIn>)
                    dir -> MongoStandIn.persistent(dir.resolve("kaka.mv"), 0))));
  }

  @ParameterizedTest
  @MethodSource("standIns")
  void aStoppedStandInRefusesClientsAndComesBackOnTheSameAddressWithItsData(
      Function<Path, MongoStandIn> create, @TempDir Path dir) {
    try (MongoStandIn mongo = create.apply(dir)) {
      String uri = mongo.uri("kaka");
      insert(uri, "before");

      mongo.stop();
      assertThatThrownBy(() -> insert(uri, "during")).isInstanceOf(MongoTimeoutException.class);
      mongo.restart();
      insert(uri, "after");

      assertThat(mongo.uri("kaka")).isEqualTo(uri);
      try (var client = MongoClients.create(uri)) {
        assertThat(client.getDatabase("kaka").getCollection("tasks").distinct("_id", String.class))
            .containsExactlyInAnyOrder("before", "after");
      }
    }
  }

  private static void insert(String uri, String id) {
    var settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(1, TimeUnit.SECONDS))
            .build();
    try (var client = MongoClients.create(settings)) {
      client.getDatabase("kaka").getCollection("tasks").insertOne(new Document("_id", id));
    }
  }
}
