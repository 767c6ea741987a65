package dev.kaka.notifier.janitor;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the janitor: its lease, what it looks for, where it publishes, and its schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class JanitorConfiguration {

  @Bean
  Janitor janitor(
      MongoTemplate mongo,
      KafkaTemplate<String, String> kafka,
      JanitorProperties properties,
      Clock clock) {
    // renewed every period: one late round does not hand the lease to another replica
    JanitorLease lease =
        new JanitorLease(mongo, replicaName(), properties.period().multipliedBy(2));
    return new Janitor(
        lease,
        new StuckTasks(mongo, properties.longestRun()),
        new FailurePublisher(kafka),
        properties,
        clock);
  }

  /** The pod's name in Kubernetes, and unique among the processes of one host. */
  private static String replicaName() {
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "notifier" : host)
        + "-"
        + ProcessHandle.current().pid();
  }
}
