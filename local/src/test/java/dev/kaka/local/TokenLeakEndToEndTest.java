package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.kaka.common.Topics;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * An agent that hunts for the GitHub token (prints its environment, reads {@code .git/config},
 * reads the environment and command line of the processes above it, git credential files and the
 * git configs nearby, and puts all of it into a committed file and its summary) and whose push is
 * refused. Afterwards the token is nowhere Kaka keeps or shows anything: not in MongoDB, the task
 * API and the transcript, the events on both topics, the issue's comments, the services' logs or
 * any other file under the data directory.
 */
class TokenLeakEndToEndTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final RunningSystem kaka = RunningSystem.get();

  @Test
  void anAgentThatCopiesTheTokenIntoItsChangeGetsNothingPushedAndTheTokenIsNowhere() {
    Scenario scenario = new Scenario(kaka, "snoop", "Tidy the README", StubAgent.SNOOP);
    Map<String, String> places = new LinkedHashMap<>();
    String taskId;
    try (TopicReader triggers = reader(Topics.ISSUE_TRIGGERED);
        TopicReader outcomes = reader(Topics.TASK_EVENTS)) {
      taskId = scenario.trigger(scenario.labeled());

      JsonNode task = scenario.awaitFinished(taskId);

      assertThat(task.path("status").asString()).isEqualTo("failed");
      assertThat(task.path("failureKind").asString()).isEqualTo("AGENT_FAILED");
      assertThat(task.path("error").asString()).as("the agent read the worker's environment and"
          + " wrote the token into its change").contains("contains Kaka's GitHub token")
          .contains(StubAgent.SNOOPED_FILE).contains("nothing was pushed");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(scenario.comments(scenario.issue.number())).isNotEmpty());
      triggers.settle().forEach(record -> places.put("trigger event " + record.offset(),
          record.value()));
      outcomes.settle().forEach(record -> places.put("task event " + record.offset(),
          record.value()));
    }
    places.put("task API", get("/tasks/" + taskId));
    places.put("task list API", get("/tasks?repo=octo/" + scenario.repo));
    places.put("transcript API", get("/tasks/" + taskId + "/transcript"));
    scenario.comments(scenario.issue.number()).forEach(comment ->
        places.put("issue comment " + comment.id(), comment.body()));
    assertThat(scenario.pullRequests()).isEmpty();
    assertThat(kaka.github.file("octo", scenario.repo, "kaka/issue-" + scenario.issue.number()
        + "-tidy-the-readme", StubAgent.SNOOPED_FILE)).as("the push that never happened").isEmpty();
    places.putAll(mongoDocuments());
    places.putAll(filesUnder(dataDir()));

    assertThat(places).as("places looked at").containsKeys("task API", "transcript API")
        .hasSizeGreaterThan(10);
    List<String> forms = forms(RunningSystem.TOKEN);
    places.forEach((place, content) -> assertThat(forms)
        .as("the token in %s", place)
        .noneMatch(content::contains));
  }

  /** The token as it is, and as a URL, JSON, HTTP Basic authentication or base64 would carry it. */
  private static List<String> forms(String token) {
    return List.of(token, URLEncoder.encode(token, StandardCharsets.UTF_8),
        Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)),
        Base64.getEncoder().encodeToString(("x-access-token:" + token)
            .getBytes(StandardCharsets.UTF_8)));
  }

  private TopicReader reader(String topic) {
    return TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), topic);
  }

  /** The answer to {@code GET /api{path}}, whatever its status. */
  private String get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(kaka.system.apiUrl() + path))
        .timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every document of every collection of the services' database, as JSON. */
  private static Map<String, String> mongoDocuments() {
    Map<String, String> documents = new LinkedHashMap<>();
    try (MongoClient client = MongoClients.create(MongoStandIn.shared().uri("kaka-e2e"))) {
      MongoDatabase database = client.getDatabase("kaka-e2e");
      List<String> collections = Flux.from(database.listCollectionNames()).collectList()
          .block(Duration.ofSeconds(10));
      for (String collection : collections) {
        List<Document> found = Flux.from(database.getCollection(collection).find()).collectList()
            .block(Duration.ofSeconds(10));
        for (int i = 0; i < found.size(); i++) {
          documents.put("MongoDB " + collection + " #" + i, found.get(i).toJson());
        }
      }
    }
    assertThat(documents).as("documents in MongoDB").isNotEmpty();
    return documents;
  }

  /** The directory the services keep their logs, repository cache and workspaces in. */
  private Path dataDir() {
    return kaka.system.service(LocalSettings.WORKER).log().getParent().getParent();
  }

  /** Every regular file under {@code dir}: logs, the repository cache, workspaces left over. */
  private static Map<String, String> filesUnder(Path dir) {
    Map<String, String> files = new LinkedHashMap<>();
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(paths::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path path : paths) {
      try {
        // ISO-8859-1 maps every byte to one character, so binary files are searched too
        files.put(dir.relativize(path).toString(),
            new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
      } catch (IOException vanished) {
        // a file deleted while walking (a rolled log, a finished workspace) holds nothing now
      }
    }
    assertThat(files.keySet()).as("files under " + dir)
        .anyMatch(name -> name.endsWith("worker.log"));
    return files;
  }
}
