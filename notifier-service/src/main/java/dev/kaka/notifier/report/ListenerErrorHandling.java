package dev.kaka.notifier.report;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A GitHub outage must not lose a notification: failed records are retried with growing pauses,
 * for about ten minutes, before the error handler gives up on them.
 */
@Configuration(proxyBeanMethods = false)
class ListenerErrorHandling {

  @Bean
  DefaultErrorHandler notifierErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
    backOff.setMaxInterval(60_000);
    backOff.setMaxElapsedTime(600_000);
    return new DefaultErrorHandler(backOff);
  }
}
