package dev.kaka.notifier.janitor;

import dev.kaka.common.Topics;
import dev.kaka.support.kafka.TopicProperties;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wires the janitor: its lease, what it looks for (including the workers' dead letters), where it
 * publishes, and its schedule.
 */
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
        new DeadLetters(mongo),
        new FailurePublisher(kafka),
        properties,
        clock);
  }

  @Bean
  DeadLetterListener deadLetterListener(MongoTemplate mongo, Clock clock) {
    return new DeadLetterListener(new DeadLetters(mongo), clock);
  }

  /** Declared here too, so that the listener finds it before any worker has started. */
  @Bean
  NewTopic workerDeadLetters(TopicProperties topics) {
    return topics.declare(Topics.ISSUE_TRIGGERED_DEAD_LETTERS);
  }

  /** The pod's name in Kubernetes, and unique among the processes of one host. */
  private static String replicaName() {
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "notifier" : host)
        + "-"
        + ProcessHandle.current().pid();
  }
}
