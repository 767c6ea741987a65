package dev.kaka.testkit.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A server that speaks MongoDB's wire protocol over TCP (mongo-java-server), for the tests and the
 * local mode: the services use the real MongoDB driver against it. Production uses real MongoDB.
 */
public final class MongoStandIn implements AutoCloseable {

  private static MongoStandIn shared;

  private final MongoServer server;
  private final InetSocketAddress address;

  private MongoStandIn(MongoServer server, int port) {
    this.server = server;
    server.bind("127.0.0.1", port);
    this.address = server.getLocalAddress();
  }

  /** One in-memory server for every test in this JVM; tests keep apart by database name. */
  public static synchronized MongoStandIn shared() {
    if (shared == null) {
      shared = inMemory();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "mongo-stand-in-shutdown"));
    }
    return shared;
  }

  public static MongoStandIn inMemory() {
    return new MongoStandIn(new MongoServer(new MemoryBackend()), 0);
  }

  /** Keeps its data in {@code file}, so the local mode's tasks survive a restart. */
  public static MongoStandIn persistent(Path file, int port) {
    return new MongoStandIn(new MongoServer(new H2Backend(file.toString())), port);
  }

  /** A connection string for {@code database}, e.g. {@code mongodb://127.0.0.1:PORT/kaka}. */
  public String uri(String database) {
    return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
