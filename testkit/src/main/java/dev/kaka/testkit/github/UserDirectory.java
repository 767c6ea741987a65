package dev.kaka.testkit.github;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every login it sees a stable numeric id; the personal token's bot and the Apps' bot users,
 * {@code slug[bot]}, are of type {@code Bot}.
 */
final class UserDirectory {

  private final String botLogin;
  private final Map<String, Long> ids = new ConcurrentHashMap<>();
  private final AtomicLong lastId = new AtomicLong();

  UserDirectory(String botLogin) {
    this.botLogin = botLogin;
    id(botLogin);
  }

  long id(String login) {
    return ids.computeIfAbsent(login, ignored -> lastId.incrementAndGet());
  }

  String type(String login) {
    return login.equals(botLogin) || login.endsWith(FakeGitHubApp.BOT_SUFFIX) ? "Bot" : "User";
  }
}
