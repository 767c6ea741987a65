package dev.kaka.notifier.github;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The pacer of GitHub writes, with its budgets in the task store's MongoDB. */
@Configuration(proxyBeanMethods = false)
class WritePacingConfiguration {

  @Bean
  @ConditionalOnProperty(name = "kaka.github.pacing.enabled", matchIfMissing = true)
  WritePacer writePacer(MongoTemplate mongo, GitHubPacingProperties pacing, Clock clock) {
    return new WritePacer(new MongoBucketStates(mongo, clock), pacing);
  }
}
