package dev.kaka.testkit.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) running inside this JVM, from
 * the Maven Central artifacts. Used by the tests and by Kaka's local mode; production points the
 * services at a real cluster instead.
 */
public final class KafkaBroker implements AutoCloseable {

  private static KafkaBroker shared;

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  private KafkaBroker(Path dataDir, int port, int controllerPort) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /**
   * The broker shared by every test in this JVM: starting one takes seconds, so tests share it and
   * keep apart by topic names or consumer groups instead.
   */
  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      try {
        shared = start(Files.createTempDirectory("kaka-kafka-"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-broker-shutdown"));
    }
    return shared;
  }

  /**
   * Formats {@code dataDir} on first use and starts the broker on {@code port} (0 picks a free
   * one). Data in {@code dataDir} survives a restart.
   */
  public static KafkaBroker start(Path dataDir, int port) {
    int brokerPort = port == 0 ? freePort() : port;
    // two free-port probes in a row can be handed the same port, and Kafka refuses two listeners
    // on one port
    int controllerPort = freePort();
    while (controllerPort == brokerPort) {
      controllerPort = freePort();
    }
    KafkaBroker broker = new KafkaBroker(dataDir, brokerPort, controllerPort);
    broker.restart();
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * Stops the broker, as an outage would: clients keep their address and see it gone. Its data
   * stays in the data directory for {@link #restart()}.
   */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the broker again on the same ports and data, after stopping it if it still runs. */
  public synchronized void restart() {
    stop();
    KafkaConfig config =
        KafkaConfig.fromProps(brokerProperties(dataDir, port, controllerPort), false);
    formatIfNew(config, dataDir);
    KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
    started.startup();
    server = started;
  }

  @Override
  public void close() {
    stop();
  }

  private static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dataDir.resolve("logs").toString());
    props.put("num.partitions", "4");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("min.insync.replicas", "1");
    props.put("default.replication.factor", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // a restarted local broker must not wait out the default 9 s for its own old session
    props.put("broker.session.timeout.ms", "3000");
    props.put("broker.heartbeat.interval.ms", "500");
    return props;
  }

  private static void formatIfNew(KafkaConfig config, Path dataDir) {
    if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(config.nodeId())
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(dataDir.resolve("logs").toString())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Could not format the Kafka data directory " + dataDir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
