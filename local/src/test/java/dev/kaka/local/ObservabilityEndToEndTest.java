package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.webhook.WebhookPayload;
import dev.kaka.testkit.webhook.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator sees of the running services: after tasks ran, every metric of the operations
 * guide's list is on {@code /actuator/prometheus} with its tags, every service's log lines about a
 * task carry the task's ids, and the Grafana dashboard asks only for metrics that exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> SERVICES =
      List.of(LocalSettings.INGRESS, LocalSettings.WORKER, LocalSettings.NOTIFIER);

  private final RunningSystem kaka = RunningSystem.get();
  private String repository;
  private Delivery completed;
  private Delivery failed;

  /** A task that completes and one that fails, in a repository of their own. */
  @BeforeAll
  void runTasks() {
    String repo = "observed-" + UUID.randomUUID().toString().substring(0, 8);
    repository = "octo/" + repo;
    FakeRepository fake =
        kaka.github.createRepository(
            "octo", repo, "main", Map.of("README.md", "# observed\nteh\n"));
    completed = trigger(fake, "Fix the typo", "It says teh.");
    // not retryable, so the counts below are not raced by automatic retries
    failed = trigger(fake, "Refactor everything", StubAgent.NO_CHANGE);
    awaitFinished(completed.taskId());
    awaitFinished(failed.taskId());
  }

  @Test
  void theIngressCountsWebhooksByEventAndOutcome() {
    WebhookPayload opened = WebhookPayload.load("issues", "issues.opened.json");
    assertThat(kaka.webhooks.send(opened).statusCode()).isEqualTo(202);
    WebhookSender forger =
        new WebhookSender(URI.create(kaka.system.webhookUrl()), "not-the-secret");
    assertThat(forger.send(WebhookPayload.issueLabeled()).statusCode()).isEqualTo(401);

    PrometheusScrape ingress = scrape(LocalSettings.INGRESS);

    String metric = "kaka_webhooks_received_total";
    assertThat(
            ingress.sum(metric, Map.of("event", "issues", "outcome", "accepted", "reason", "none")))
        .isGreaterThanOrEqualTo(2);
    assertThat(ingress.sum(metric, Map.of("event", "issues", "outcome", "ignored"))).isPositive();
    assertThat(ingress.sum(metric, Map.of("outcome", "rejected", "reason", "signature")))
        .isPositive();
    assertThat(ingress.samples(metric, Map.of()))
        .allSatisfy(
            sample ->
                assertThat(sample.labels())
                    .containsKeys("event", "outcome", "reason")
                    .containsEntry("application", "kaka-ingress"));
  }

  @Test
  void theNotifierCountsTasksByOutcomeAndRepositoryWithTheAgentsTurnsAndCost() {
    PrometheusScrape notifier = scrape(LocalSettings.NOTIFIER);
    Map<String, String> repo = Map.of("repository", repository);

    assertThat(notifier.sum("kaka_tasks_queued_total", repo)).isEqualTo(2);
    assertThat(notifier.sum("kaka_tasks_started_total", repo)).isEqualTo(2);
    assertThat(notifier.sum("kaka_tasks_completed_total", repo)).isEqualTo(1);
    assertThat(
            notifier.sum(
                "kaka_tasks_failed_total",
                Map.of("repository", repository, "failure", "NO_CHANGES")))
        .isEqualTo(1);
    assertThat(notifier.sum("kaka_agent_turns_total", repo)).isPositive();
    assertThat(notifier.sum("kaka_agent_cost_usd_total", repo)).isPositive();
  }

  @Test
  void theWorkerMeasuresQueueWaitAndDurationAsHistograms() {
    PrometheusScrape worker = scrape(LocalSettings.WORKER);
    Map<String, String> repo = Map.of("repository", repository);

    assertThat(worker.sum("kaka_task_duration_seconds_count", repo)).isEqualTo(2);
    assertThat(worker.sum("kaka_task_queue_wait_seconds_count", repo)).isEqualTo(2);
    assertThat(worker.samples("kaka_task_duration_seconds_bucket", repo))
        .as("percentile histogram buckets")
        .hasSizeGreaterThan(10)
        .anySatisfy(bucket -> assertThat(bucket.labels()).containsEntry("le", "+Inf"));
    assertThat(worker.samples("kaka_task_queue_wait_seconds_bucket", repo)).hasSizeGreaterThan(10);
  }

  @Test
  void theWorkerShowsTheTasksItIsRunningNow() {
    FakeRepository fake =
        kaka.github.createRepository(
            "octo",
            "slow-" + UUID.randomUUID().toString().substring(0, 8),
            "main",
            Map.of("README.md", "x\n"));
    Delivery slow = trigger(fake, "Take your time", StubAgent.slow(3));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(scrape(LocalSettings.WORKER).sum("kaka_worker_tasks_running", Map.of()))
                    .isEqualTo(1));
    awaitFinished(slow.taskId());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scrape(LocalSettings.WORKER).sum("kaka_worker_tasks_running", Map.of()))
                    .isZero());
  }

  @Test
  void theNotifierCountsGitHubCallsByOutcomeAndKeepsTheRateLimit() {
    PrometheusScrape notifier = scrape(LocalSettings.NOTIFIER);

    String calls = "kaka_github_api_calls_total";
    assertThat(notifier.sum(calls, Map.of("method", "GET", "outcome", "success"))).isPositive();
    assertThat(notifier.sum(calls, Map.of("method", "POST", "outcome", "success"))).isPositive();
    assertThat(notifier.samples("kaka_github_rate_limit_remaining", Map.of()))
        .singleElement()
        .satisfies(sample -> assertThat(sample.value()).isPositive().isNotNaN());
  }

  @Test
  void theConsumersExposeTheirLagPerTopicAndPartition() {
    Map<String, String> groups =
        Map.of(LocalSettings.WORKER, "kaka-worker", LocalSettings.NOTIFIER, "kaka-notifier");
    groups.forEach(
        (service, group) ->
            // a partition's lag is bound once it has been fetched from, at the next 10-second look
            await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(
                    () ->
                        assertThat(
                                scrape(service)
                                    .samples(
                                        "kafka_consumer_fetch_manager_records_lag",
                                        Map.of("group", group)))
                            .as(service)
                            .isNotEmpty()
                            .allSatisfy(
                                sample ->
                                    assertThat(sample.labels())
                                        .containsKeys("topic", "partition"))));
  }

  @Test
  void everyServiceLogsTheIdsOfTheTaskWithEachLineAboutIt() {
    for (String service : SERVICES) {
      List<JsonNode> lines =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> kaka.jsonLog(service),
                  all -> all.stream().anyMatch(line -> isAbout(line, completed)));

      List<JsonNode> tagged = lines.stream().filter(line -> isAbout(line, completed)).toList();
      assertThat(tagged)
          .as(service + " lines with the task id")
          .allSatisfy(
              line ->
                  assertThat(line.path("deliveryId").asString(""))
                      .isEqualTo(completed.deliveryId()));
      assertThat(
              lines.stream()
                  .filter(line -> line.path("message").asString("").contains(completed.taskId())))
          .as(service + " lines that name the task")
          .isNotEmpty()
          .allSatisfy(line -> assertThat(isAbout(line, completed)).as(line.toString()).isTrue());
      assertThat(lines)
          .as(service + " never logs a secret")
          .noneSatisfy(
              line ->
                  assertThat(line.toString())
                      .containsAnyOf(RunningSystem.TOKEN, RunningSystem.SECRET));
    }
  }

  @Test
  void theDashboardAsksOnlyForMetricsAndLabelsTheServicesExpose() throws IOException {
    Map<String, Set<String>> labelsByMetric = new java.util.HashMap<>();
    for (String service : SERVICES) {
      scrape(service)
          .all()
          .forEach(
              sample ->
                  labelsByMetric
                      .computeIfAbsent(sample.name(), name -> new HashSet<>())
                      .addAll(sample.labels().keySet()));
    }
    Path dashboard = ServiceJars.inBuild().home().resolve("deploy/grafana/dashboards/kaka.json");

    List<GrafanaQuery> queries = GrafanaQuery.allIn(JSON.readTree(Files.readString(dashboard)));

    assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
    for (GrafanaQuery query : queries) {
      assertThat(query.metrics()).as(query.toString()).isNotEmpty();
      for (String metric : query.metrics()) {
        assertThat(labelsByMetric).as(query.toString()).containsKey(metric);
      }
      // le is the histogram's; Prometheus adds instance and job when it scrapes
      Set<String> offered = new HashSet<>(Set.of("le", "instance", "job"));
      query.metrics().forEach(metric -> offered.addAll(labelsByMetric.get(metric)));
      assertThat(offered).as(query.toString()).containsAll(query.labels());
    }
  }

  private Delivery trigger(FakeRepository repo, String title, String body) {
    FakeIssue issue = kaka.github.openIssue("octo", repo.name(), title, body);
    kaka.github.setPermission("octo", repo.name(), Scenario.SENDER, "write");
    String deliveryId = UUID.randomUUID().toString();
    var response =
        kaka.webhooks.send(
            WebhookPayload.issueLabeled()
                .label("kaka")
                .repository("octo", repo.name(), repo.cloneUrl(), "main")
                .issue(issue.number(), issue.title(), issue.body()),
            deliveryId);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return new Delivery(JSON.readTree(response.body()).path("taskId").asString(), deliveryId);
  }

  private void awaitFinished(String taskId) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> kaka.task(taskId),
            task ->
                task != null
                    && (task.path("status").asString().equals("failed")
                        || task.path("status").asString().equals("completed")
                            && task.hasNonNull("pullRequestUrl")));
  }

  private PrometheusScrape scrape(String service) {
    return PrometheusScrape.of(kaka.system.service(service));
  }

  private static boolean isAbout(JsonNode line, Delivery task) {
    return task.taskId().equals(line.path("taskId").asString(""));
  }

  private record Delivery(String taskId, String deliveryId) {}

  /** One query of a dashboard panel, with the metric and label names its PromQL uses. */
  record GrafanaQuery(String panel, String expr) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR_LABEL =
        Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern GROUPING =
        Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    private static final Set<String> PROMQL =
        Set.of(
            "sum",
            "rate",
            "irate",
            "increase",
            "avg",
            "max",
            "min",
            "count",
            "by",
            "without",
            "histogram_quantile",
            "topk",
            "bottomk",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "and",
            "or",
            "unless",
            "clamp_min",
            "offset",
            "label_replace",
            "vector",
            "time",
            "abs",
            "delta",
            "deriv",
            "sort_desc",
            "max_over_time",
            "min_over_time",
            "avg_over_time",
            "sum_over_time",
            "last_over_time",
            "s",
            "m",
            "h",
            "d");

    static List<GrafanaQuery> allIn(JsonNode dashboard) {
      List<GrafanaQuery> queries = new ArrayList<>();
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          queries.add(
              new GrafanaQuery(panel.path("title").asString(), target.path("expr").asString()));
        }
      }
      return queries;
    }

    /** Names in the expression that are neither PromQL, nor labels, nor Grafana variables. */
    Set<String> metrics() {
      String bare = withoutStringsAndGroupings();
      Set<String> names = new HashSet<>();
      Matcher identifier = IDENTIFIER.matcher(bare);
      while (identifier.find()) {
        String name = identifier.group();
        boolean variable = identifier.start() > 0 && bare.charAt(identifier.start() - 1) == '$';
        if (!variable && !PROMQL.contains(name) && !labels().contains(name)) {
          names.add(name);
        }
      }
      return names;
    }

    Set<String> labels() {
      Set<String> labels = new HashSet<>();
      Matcher selector =
          SELECTOR_LABEL.matcher(expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
      while (selector.find()) {
        labels.add(selector.group(1));
      }
      Matcher grouping = GROUPING.matcher(expr);
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) {
          if (!label.isBlank()) {
            labels.add(label.strip());
          }
        }
      }
      return labels;
    }

    private String withoutStringsAndGroupings() {
      return GROUPING
          .matcher(
              expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                  .replaceAll("\\{[^}]*}", "")
                  .replaceAll("\\[[^]]*]", ""))
          .replaceAll("");
    }
  }
}
