package dev.kaka.support.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Installs the {@link OutageLogThrottle} into Logback while the application runs. */
@AutoConfiguration
@ConditionalOnClass(LoggerContext.class)
public class OutageLogAutoConfiguration {

  @Bean
  InstalledThrottle outageLogThrottle() {
    return InstalledThrottle.install(new OutageLogThrottle());
  }

  /** The throttle as a bean, so that it leaves Logback when the application context closes. */
  static final class InstalledThrottle implements DisposableBean {

    private final LoggerContext context;
    private final OutageLogThrottle throttle;

    private InstalledThrottle(LoggerContext context, OutageLogThrottle throttle) {
      this.context = context;
      this.throttle = throttle;
    }

    static InstalledThrottle install(OutageLogThrottle throttle) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      throttle.setContext(context);
      throttle.start();
      context.addTurboFilter(throttle);
      return new InstalledThrottle(context, throttle);
    }

    @Override
    public void destroy() {
      context.getTurboFilterList().remove(throttle);
      throttle.stop();
    }
  }
}
