package dev.kaka.testkit.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
