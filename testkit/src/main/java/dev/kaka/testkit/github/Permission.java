package dev.kaka.testkit.github;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One permission of a GitHub App, such as {@code contents: write}, named as the REST API names it.
 */
record Permission(String name, Level level) {

  /** Every installation token may read repository metadata, whatever else it was given. */
  static final Permission METADATA_READ = read("metadata");

  /** Levels in increasing order: each covers the ones before it. */
  enum Level {
    READ,
    WRITE,
    ADMIN;

    static Optional<Level> parse(String level) {
      for (Level candidate : values()) {
        if (candidate.apiName().equals(level)) {
          return Optional.of(candidate);
        }
      }
      return Optional.empty();
    }

    String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean covers(Level other) {
      return compareTo(other) >= 0;
    }
  }

  static Permission read(String name) {
    return new Permission(name, Level.READ);
  }

  static Permission write(String name) {
    return new Permission(name, Level.WRITE);
  }

  /** Whether {@code granted}, permission names to levels, includes this permission. */
  boolean isGrantedBy(Map<String, String> granted) {
    return Optional.ofNullable(granted.get(name))
        .flatMap(Level::parse)
        .map(grantedLevel -> grantedLevel.covers(level))
        .orElse(false);
  }
}
