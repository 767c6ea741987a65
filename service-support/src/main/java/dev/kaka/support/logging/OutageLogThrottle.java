package dev.kaka.support.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Marker;

/**
 * Caps what the clients of Kafka and MongoDB log while they cannot reach their server. Each client
 * retries every second or faster and logs every attempt, several lines each, so an outage of a few
 * minutes would bury everything else in thousands of lines. While a dependency is in trouble (for
 * Kafka: from a warning or an exception on, until a minute passes without one; for MongoDB, whose
 * driver writes little else: always), the first {@link #LINES_PER_WINDOW} lines of each minute are
 * written; the rest are counted, and the count is written with the next line that is, so the log
 * still says how long the trouble lasted.
 */
public final class OutageLogThrottle extends TurboFilter {

  static final int LINES_PER_WINDOW = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final List<Dependency> dependencies;
  private final LongSupplier nanoTime;

  OutageLogThrottle(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.dependencies =
        List.of(
            // Kafka's listeners log each partition they are given: routine, not trouble
            new Dependency(
                "Kafka", List.of("org.apache.kafka.", "org.springframework.kafka."), false),
            // the MongoDB driver reports an unreachable server as information, once per
            // operation that waits for it: every line it writes counts
            new Dependency(
                "MongoDB",
                List.of("org.mongodb.driver.", "org.springframework.data.mongodb."),
                true));
  }

  public OutageLogThrottle() {
    this(System::nanoTime);
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null && t == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      // only a call that writes a line counts: isXxxEnabled() checks and lines below the
      // logger's level pass untouched
      return FilterReply.NEUTRAL;
    }
    for (Dependency dependency : dependencies) {
      if (dependency.owns(logger.getName())) {
        boolean trouble = dependency.alwaysBudgeted || isTrouble(level, params, t);
        long heldBack = dependency.admit(nanoTime.getAsLong(), trouble);
        if (heldBack > 0) {
          report(dependency, heldBack);
        }
        return heldBack < 0 ? FilterReply.DENY : FilterReply.NEUTRAL;
      }
    }
    return FilterReply.NEUTRAL;
  }

  /** A warning, an error, or a line that carries an exception. */
  private static boolean isTrouble(Level level, Object[] params, Throwable t) {
    return level.isGreaterOrEqual(Level.WARN)
        || t != null
        || params != null && params.length > 0 && params[params.length - 1] instanceof Throwable;
  }

  /** Writing the line runs the filters again: this logger belongs to no dependency. */
  private void report(Dependency dependency, long heldBack) {
    ((LoggerContext) getContext())
        .getLogger(OutageLogThrottle.class)
        .warn(
            "{} more lines of the {} client were not logged in the last minute (at most {} a"
                + " minute are)",
            heldBack,
            dependency.name,
            LINES_PER_WINDOW);
  }

  /** The loggers of one dependency's clients and what they wrote in the current window. */
  private static final class Dependency {

    private final String name;
    private final List<String> loggerPrefixes;
    private final boolean alwaysBudgeted;
    private boolean troubled;
    private long troubledUntil;
    private long windowStart;
    private int written;
    private long suppressed;

    /**
     * @param alwaysBudgeted whether every line counts, or only those from a warning or exception on
     *     until a minute passes without one
     */
    Dependency(String name, List<String> loggerPrefixes, boolean alwaysBudgeted) {
      this.name = name;
      this.loggerPrefixes = loggerPrefixes;
      this.alwaysBudgeted = alwaysBudgeted;
    }

    boolean owns(String loggerName) {
      return loggerPrefixes.stream().anyMatch(loggerName::startsWith);
    }

    /**
     * -1 when the line is held back, else the number of lines held back before and to be reported
     * now (usually 0). The budget applies from a line of trouble on until a minute without one.
     */
    synchronized long admit(long now, boolean trouble) {
      if (trouble) {
        if (!troubled) {
          troubled = true;
          windowStart = now;
          written = 0;
        }
        troubledUntil = now + WINDOW.toNanos();
      }
      if (troubled && now - troubledUntil >= 0) {
        troubled = false;
      }
      long heldBack = 0;
      if (!troubled || now - windowStart >= WINDOW.toNanos()) {
        heldBack = suppressed;
        windowStart = now;
        written = 0;
        suppressed = 0;
      }
      if (troubled && written >= LINES_PER_WINDOW) {
        suppressed++;
        return -1;
      }
      written++;
      return heldBack;
    }
  }
}
