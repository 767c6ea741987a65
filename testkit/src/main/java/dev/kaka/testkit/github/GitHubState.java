package dev.kaka.testkit.github;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the fake remembers except git data: repositories, issues, pull requests, comments,
 * labels and permissions. Every method is synchronized and hands out immutable values, so the HTTP
 * threads and the test thread can share it freely.
 *
 * <p>Methods that take an owner and a name expect the repository to exist, and those that take an
 * issue number expect the issue to exist; callers look those up first and answer "not found"
 * themselves.
 */
final class GitHubState {

  private static final Set<String> PERMISSIONS =
      Set.of("admin", "maintain", "write", "triage", "read", "none");

  private static final String NEW_LABEL_COLOR = "ededed";

  private final String botLogin;
  private final Clock clock;
  private final CheckRecords checks;
  private final ReviewRecords reviews;
  private final Map<String, RepoData> repositories = new HashMap<>();
  // One sequence for every kind of id: ids never collide across kinds, which makes mix-ups visible
  // in tests.
  private long lastId;

  GitHubState(String botLogin, Clock clock) {
    this.botLogin = botLogin;
    this.clock = clock;
    this.checks = new CheckRecords(clock);
    this.reviews = new ReviewRecords(this::nextId, clock);
  }

  synchronized RepoRecord addRepository(String owner, String name, String defaultBranch) {
    String key = key(owner, name);
    if (repositories.containsKey(key)) {
      throw new IllegalStateException("Repository " + key + " already exists");
    }
    RepoRecord record = new RepoRecord(++lastId, owner, name, defaultBranch, clock.instant());
    repositories.put(key, new RepoData(record));
    return record;
  }

  synchronized Optional<RepoRecord> repository(String owner, String name) {
    return Optional.ofNullable(repositories.get(key(owner, name))).map(data -> data.record);
  }

  synchronized Optional<RepoRecord> repository(long id) {
    return repositories.values().stream()
        .map(data -> data.record)
        .filter(repo -> repo.id() == id)
        .findFirst();
  }

  synchronized IssueRecord openIssue(
      String owner, String name, String title, String body, String author) {
    return open(data(owner, name), title, body, author, null);
  }

  /**
   * Opens a pull request unless an open one already exists for the same head and base, as GitHub
   * refuses.
   */
  synchronized Optional<IssueRecord> openPullRequestUnlessDuplicate(
      String owner,
      String name,
      String title,
      String body,
      String author,
      IssueRecord.PullBranches branches) {
    RepoData data = data(owner, name);
    return anyOpen(data, branches)
        ? Optional.empty()
        : Optional.of(open(data, title, body, author, branches));
  }

  /** Whether a pull request of the same head and base as {@code branches} is open. */
  private static boolean anyOpen(RepoData data, IssueRecord.PullBranches branches) {
    return data.issues.values().stream()
        .filter(issue -> issue.isPullRequest() && issue.isOpen())
        .anyMatch(
            pull ->
                pull.pull().head().equals(branches.head())
                    && pull.pull().base().equals(branches.base()));
  }

  /** Closes pull request {@code number}, as merged when {@code merged}. */
  synchronized IssueRecord closePullRequest(String owner, String name, int number, boolean merged) {
    RepoData data = data(owner, name);
    IssueRecord pull = requirePullRequest(data, number);
    IssueRecord.PullBranches branches = pull.pull();
    return replace(
        data,
        pull.withState(
            IssueRecord.CLOSED,
            new IssueRecord.PullBranches(
                branches.head(), branches.base(), branches.draft(), merged),
            clock.instant()));
  }

  /**
   * Reopens pull request {@code number}, unless it was merged or another open one has its head and
   * base: GitHub refuses those.
   */
  synchronized Optional<IssueRecord> reopenPullRequest(String owner, String name, int number) {
    RepoData data = data(owner, name);
    IssueRecord pull = requirePullRequest(data, number);
    if (pull.isOpen()) {
      return Optional.of(pull);
    }
    if (pull.pull().merged() || anyOpen(data, pull.pull())) {
      return Optional.empty();
    }
    return Optional.of(
        replace(data, pull.withState(IssueRecord.OPEN, pull.pull(), clock.instant())));
  }

  private static IssueRecord requirePullRequest(RepoData data, int number) {
    IssueRecord pull = requireIssue(data, number);
    if (!pull.isPullRequest()) {
      throw new IllegalArgumentException(
          "#" + number + " in " + data.record.fullName() + " is no pull request");
    }
    return pull;
  }

  synchronized Optional<IssueRecord> issue(String owner, String name, int number) {
    return Optional.ofNullable(data(owner, name).issues.get(number));
  }

  synchronized List<IssueRecord> pullRequests(String owner, String name) {
    return data(owner, name).issues.values().stream().filter(IssueRecord::isPullRequest).toList();
  }

  synchronized FakeComment addComment(
      String owner, String name, int number, String author, String body) {
    RepoData data = data(owner, name);
    requireIssue(data, number);
    Instant now = clock.instant();
    FakeComment comment = new FakeComment(++lastId, number, body, author, now, now, 0);
    data.comments.put(comment.id(), comment);
    return comment;
  }

  synchronized List<FakeComment> comments(String owner, String name, int number) {
    RepoData data = data(owner, name);
    requireIssue(data, number);
    return data.comments.values().stream()
        .filter(comment -> comment.issueNumber() == number)
        .toList();
  }

  synchronized Optional<FakeComment> comment(String owner, String name, long id) {
    return Optional.ofNullable(data(owner, name).comments.get(id));
  }

  synchronized Optional<FakeComment> editComment(String owner, String name, long id, String body) {
    RepoData data = data(owner, name);
    return Optional.ofNullable(
        data.comments.computeIfPresent(
            id, (ignored, comment) -> comment.edited(body, clock.instant())));
  }

  synchronized IssueRecord addLabels(
      String owner, String name, int number, List<String> labelNames) {
    RepoData data = data(owner, name);
    IssueRecord issue = requireIssue(data, number);
    List<Label> labels = new ArrayList<>(issue.labels());
    for (String labelName : labelNames) {
      if (labels.stream().noneMatch(label -> label.name().equals(labelName))) {
        labels.add(
            data.labels.computeIfAbsent(labelName, n -> new Label(++lastId, n, NEW_LABEL_COLOR)));
      }
    }
    return replace(data, issue.withLabels(labels, clock.instant()));
  }

  synchronized IssueRecord removeLabel(String owner, String name, int number, String labelName) {
    RepoData data = data(owner, name);
    IssueRecord issue = requireIssue(data, number);
    List<Label> labels =
        issue.labels().stream().filter(label -> !label.name().equals(labelName)).toList();
    return replace(data, issue.withLabels(labels, clock.instant()));
  }

  synchronized void setPermission(String owner, String name, String user, String permission) {
    if (!PERMISSIONS.contains(permission)) {
      throw new IllegalArgumentException(
          "Permission must be one of " + PERMISSIONS + ": " + permission);
    }
    data(owner, name).permissions.put(user, permission);
  }

  /**
   * The owner administers the repository and the bot, whose token can push, may write; everyone
   * else has no access until {@link #setPermission} says otherwise.
   */
  synchronized String permission(String owner, String name, String user) {
    String explicit = data(owner, name).permissions.get(user);
    if (explicit != null) {
      return explicit;
    }
    if (user.equals(owner)) {
      return "admin";
    }
    return user.equals(botLogin) ? "write" : "none";
  }

  private IssueRecord open(
      RepoData data, String title, String body, String author, IssueRecord.PullBranches branches) {
    Instant now = clock.instant();
    IssueRecord issue =
        new IssueRecord(
            ++lastId,
            ++data.lastNumber,
            title,
            body,
            IssueRecord.OPEN,
            author,
            List.of(),
            now,
            now,
            branches);
    return replace(data, issue);
  }

  private static IssueRecord replace(RepoData data, IssueRecord issue) {
    data.issues.put(issue.number(), issue);
    return issue;
  }

  private static IssueRecord requireIssue(RepoData data, int number) {
    IssueRecord issue = data.issues.get(number);
    if (issue == null) {
      throw new IllegalArgumentException("No issue #" + number + " in " + data.record.fullName());
    }
    return issue;
  }

  private RepoData data(String owner, String name) {
    RepoData data = repositories.get(key(owner, name));
    if (data == null) {
      throw new IllegalArgumentException("No repository " + key(owner, name));
    }
    return data;
  }

  private static String key(String owner, String name) {
    return owner + "/" + name;
  }

  private static final class RepoData {
    private final RepoRecord record;
    private final SortedMap<Integer, IssueRecord> issues = new TreeMap<>();
    private final SortedMap<Long, FakeComment> comments = new TreeMap<>();
    private final Map<String, Label> labels = new HashMap<>();
    private final Map<String, String> permissions = new HashMap<>();
    private int lastNumber;

    private RepoData(RepoRecord record) {
      this.record = record;
    }
  }

  /** The submitted reviews of every repository's pull requests. */
  ReviewRecords reviews() {
    return reviews;
  }

  /** A new id, from the sequence every kind of id comes from. */
  synchronized long nextId() {
    return ++lastId;
  }

  /** The checks of the commits of every repository. */
  CheckRecords checks() {
    return checks;
  }
}
