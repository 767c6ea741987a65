package dev.kaka.taskstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.testkit.mongo.MongoStandIn;
import org.springframework.data.mongodb.core.MongoTemplate;

/** A database of its own on the shared MongoDB-wire stand-in, emptied for each test. */
final class StandInStore implements AutoCloseable {

  private final MongoClient client;
  final MongoTemplate mongo;

  StandInStore(String database) {
    client = MongoClients.create(MongoStandIn.shared().uri(database));
    mongo = new MongoTemplate(client, database);
    mongo.dropCollection(TaskDocument.class);
    mongo.dropCollection(TranscriptDocument.class);
  }

  @Override
  public void close() {
    client.close();
  }
}
