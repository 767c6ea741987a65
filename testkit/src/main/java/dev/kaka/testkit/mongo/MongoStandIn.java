package dev.kaka.testkit.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A server that speaks MongoDB's wire protocol over TCP (mongo-java-server), for the tests and the
 * local mode: the services use the real MongoDB driver against it. Production uses real MongoDB.
 */
public final class MongoStandIn implements AutoCloseable {

  private static MongoStandIn shared;

  private final Supplier<MongoBackend> backends;
  private final InetSocketAddress address;
  private MongoServer server;

  private MongoStandIn(Supplier<MongoBackend> backends, int port) {
    this.backends = backends;
    this.server = new MongoServer(backends.get());
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

  /** Keeps its data in memory, across {@link #stop()} and {@link #restart()} too. */
  public static MongoStandIn inMemory() {
    MongoBackend memory = new KeptMemoryBackend();
    return new MongoStandIn(() -> memory, 0);
  }

  /** Keeps its data in {@code file}, so the local mode's tasks survive a restart. */
  public static MongoStandIn persistent(Path file, int port) {
    return new MongoStandIn(() -> new H2Backend(file.toString()), port);
  }

  /** A connection string for {@code database}, e.g. {@code mongodb://127.0.0.1:PORT/kaka}. */
  public String uri(String database) {
    return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
  }

  /**
   * Stops serving, as an outage would: open connections are closed and new ones refused. The data
   * stays for {@link #restart()}.
   */
  public synchronized void stop() {
    if (server != null) {
      server.shutdownNow();
      server = null;
    }
  }

  /** Serves again on the same address with the same data, after stopping if it still serves. */
  public synchronized void restart() {
    stop();
    MongoServer started = new MongoServer(backends.get());
    started.bind(address);
    server = started;
  }

  @Override
  public void close() {
    stop();
  }

  /** An in-memory backend whose data outlives the server that closes it on a stop. */
  private static final class KeptMemoryBackend extends MemoryBackend {

    @Override
    public void close() {
      // the data goes with the JVM, not with a stop
    }
  }
}
