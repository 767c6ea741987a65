package dev.kaka.testkit.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Holds each token or installation to {@link SecondaryLimits}, once a test asks for them: a write
 * over a limit is answered as GitHub answers it, 403 with {@code Retry-After} (whole seconds, until
 * the oldest write in the full window leaves it) and the primary budget untouched; it is not
 * counted as a write. The App's own calls with its JWT are not held.
 */
final class SecondaryLimiter {

  static final String MESSAGE =
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
  private static final Set<String> CONTENT_CREATING = Set.of("POST", "PATCH", "PUT", "DELETE");

  private final JsonViews views;
  private final Clock clock;
  private final Map<Object, Deque<Instant>> writes = new HashMap<>();
  private SecondaryLimits limits;
  private int refused;

  SecondaryLimiter(JsonViews views, Clock clock) {
    this.views = views;
    this.clock = clock;
  }

  synchronized void enforce(SecondaryLimits limits) {
    this.limits = limits;
    writes.clear();
  }

  synchronized int refused() {
    return refused;
  }

  /** The answer to a write over the limits, or empty: the write counts and goes on. */
  synchronized Optional<ApiResponse> refusal(String method, Credential credential) {
    if (limits == null
        || !CONTENT_CREATING.contains(method)
        || credential instanceof Credential.AppJwt) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Deque<Instant> made = writes.computeIfAbsent(key(credential), ignored -> new ArrayDeque<>());
    while (!made.isEmpty() && !made.peekFirst().isAfter(now.minus(limits.hour()))) {
      made.removeFirst();
    }
    Duration wait = Duration.ZERO;
    if (made.size() >= limits.perHour()) {
      wait = Duration.between(now, made.peekFirst().plus(limits.hour()));
    }
    Instant oldestInMinute = nthNewest(made, limits.perMinute());
    if (oldestInMinute != null && oldestInMinute.isAfter(now.minus(limits.minute()))) {
      Duration untilMinuteFrees = Duration.between(now, oldestInMinute.plus(limits.minute()));
      wait = untilMinuteFrees.compareTo(wait) > 0 ? untilMinuteFrees : wait;
    }
    if (wait.isZero()) {
      made.addLast(now);
      return Optional.empty();
    }
    refused++;
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return Optional.of(
        new ApiResponse(
            403, views.error(MESSAGE, List.of()), Map.of("Retry-After", Long.toString(seconds))));
  }

  /** The {@code n}-th newest write, or null when there are fewer. */
  private static Instant nthNewest(Deque<Instant> made, int n) {
    if (made.size() < n) {
      return null;
    }
    Iterator<Instant> newestFirst = made.descendingIterator();
    Instant write = null;
    for (int i = 0; i < n; i++) {
      write = newestFirst.next();
    }
    return write;
  }

  /** Installation tokens share their installation's limits; the personal token has its own. */
  private static Object key(Credential credential) {
    return credential instanceof Credential.InstallationToken installation
        ? installation.installationId()
        : credential;
  }
}
