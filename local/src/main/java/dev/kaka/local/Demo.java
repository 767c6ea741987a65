package dev.kaka.local;

import dev.kaka.support.time.DurationText;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.webhook.WebhookSender;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shows an issue becoming a pull request in the sandbox: sends the labeled webhook, follows the
 * task through the task API, and prints the pull request.
 */
final class Demo {

  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(120);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final LocalSystem system;
  private final Sandbox sandbox;
  private final String webhookSecret;
  private final PrintStream out;
  private final String apiAuthorization;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * @param apiPassword the dashboard's password: the task API is private
   */
  Demo(
      LocalSystem system,
      Sandbox sandbox,
      String webhookSecret,
      String apiPassword,
      PrintStream out) {
    this.apiAuthorization =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    ("admin:" + apiPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    this.system = system;
    this.sandbox = sandbox;
    this.webhookSecret = webhookSecret;
    this.out = out;
  }

  /** Runs the demo; returns the finished task as the API shows it. */
  JsonNode run() {
    FakeIssue issue = sandbox.issues().get(0);
    out.println(
        "kaka: labeling issue #" + issue.number() + " \"" + issue.title() + "\" with 'kaka'");
    var response =
        new WebhookSender(URI.create(system.webhookUrl()), webhookSecret)
            .send(sandbox.labeled(issue, "kaka"));
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "The webhook was refused: " + response.statusCode() + " " + response.body());
    }
    String taskId = JSON.readTree(response.body()).path("taskId").asString();
    out.println("kaka: webhook accepted, task " + taskId);
    JsonNode task = follow(taskId);
    if (!TaskStatus.COMPLETED.storedName().equals(task.path("status").asString())) {
      throw new IllegalStateException(
          "The task ended "
              + task.path("status").asString()
              + ": "
              + task.path("failureKind").asString("")
              + " "
              + task.path("error").asString(""));
    }
    List<FakePullRequest> pulls = sandbox.github().pullRequests(Sandbox.OWNER, Sandbox.REPOSITORY);
    out.println(
        "kaka: pull request "
            + task.path("pullRequestUrl").asString()
            + (pulls.isEmpty() ? "" : " (\"" + pulls.get(pulls.size() - 1).title() + "\")"));
    out.println("kaka: files changed: " + task.path("filesChanged"));
    return task;
  }

  private JsonNode follow(String taskId) {
    long start = System.nanoTime();
    long deadline = start + TASK_TIMEOUT.toNanos();
    String lastStatus = "";
    while (System.nanoTime() < deadline) {
      JsonNode task = fetch(taskId);
      String status = task == null ? "" : task.path("status").asString();
      if (!status.equals(lastStatus)) {
        out.printf("kaka: %6.1f s  %s%n", (System.nanoTime() - start) / 1e9, status);
        lastStatus = status;
      }
      boolean finished =
          status.equals(TaskStatus.FAILED.storedName())
              || status.equals(TaskStatus.COMPLETED.storedName())
                  && task.hasNonNull("pullRequestUrl");
      if (finished) {
        return task;
      }
      sleep();
    }
    throw new IllegalStateException(
        "The task did not finish within "
            + DurationText.of(TASK_TIMEOUT)
            + "; last status '"
            + lastStatus
            + "'. See the logs in "
            + "the data directory.");
  }

  private JsonNode fetch(String taskId) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(system.apiUrl() + "/tasks/" + taskId))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", apiAuthorization)
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
