package dev.kaka.bench.intake;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What the ingress needs to run, for {@code bench/intake.sh}: a real Kafka broker (KRaft, data in a
 * directory of the run) and the MongoDB-wire stand-in, in this JVM, as the local mode runs them.
 * Warms the broker up ({@link BrokerWarmUp}), writes the addresses to a file, then runs until it is
 * terminated.
 *
 * <p>Usage: {@code Infrastructure DATA_DIR ADDRESSES_FILE BROKER_WARM_UP_SECONDS}; the file gets
 * the lines {@code kafka=HOST:PORT} and {@code mongo=mongodb://HOST:PORT/kaka}.
 */
public final class Infrastructure {

  private Infrastructure() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: Infrastructure DATA_DIR ADDRESSES_FILE BROKER_WARM_UP_SECONDS");
      System.exit(2);
    }
    KafkaBroker broker = KafkaBroker.start(Path.of(args[0]).resolve("kafka"), 0);
    MongoStandIn mongo = MongoStandIn.inMemory();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  mongo.close();
                  broker.close();
                  stopped.countDown();
                },
                "infrastructure-shutdown"));
    Duration warmUp = Duration.ofSeconds(Long.parseLong(args[2]));
    if (!warmUp.isZero()) {
      long records = BrokerWarmUp.run(broker.bootstrapServers(), warmUp);
      System.out.println(
          "broker warmed up: " + records + " records in " + warmUp.toSeconds() + " s");
    }
    Path addresses = Path.of(args[1]);
    Path written = addresses.resolveSibling(addresses.getFileName() + ".tmp");
    Files.write(
        written, List.of("kafka=" + broker.bootstrapServers(), "mongo=" + mongo.uri("kaka")));
    // renamed into place, so the script never reads a half-written file
    Files.move(written, addresses);
    stopped.await();
  }
}
