package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.kaka.common.Topics;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeGitHubApp;
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
 * A hostile agent in the agent sandbox of the running system (the worker a process of its own, with
 * the token in its environment): it reads the environment of every process it can see, the
 * services' data directory (repository cache, workspaces), secrets and credential files, sabotages
 * {@code .git}, plants files for the next task, starts a daemon, tries to reach the fake GitHub
 * past its proxy, and commits everything it found in plain, base64, hex and reversed form.
 * Afterwards the token is nowhere Kaka keeps or shows anything: not in MongoDB, the task API and
 * the transcript, the events on both topics, the issue's comments, the pull request and the pushed
 * files, the services' logs or any other file under the data directory; and the status comment
 * names the host the sandbox refused.
 */
class TokenLeakEndToEndTest {

  private final RunningSystem kaka = RunningSystem.get();

  @Test
  void aHostileAgentInTheSandboxFindsNoTokenAndTheTokenIsNowhere() {
    String github = URI.create(kaka.github.cloneUrl("octo", "any")).getAuthority();
    String plant = "leak-" + Long.toHexString(System.nanoTime());
    String escapes =
        String.join(
            " ",
            StubAgent.ESCAPE,
            StubAgent.escapeRead(dataDir().toString()),
            StubAgent.escapeRead("/proc/1/environ"),
            StubAgent.escapeConnect(github),
            StubAgent.escapePlant(plant));
    Scenario scenario = new Scenario(kaka, "snoop", "Tidy the README", escapes);
    Map<String, String> places = new LinkedHashMap<>();
    String taskId;
    try (TopicReader triggers = reader(Topics.ISSUE_TRIGGERED);
        TopicReader outcomes = reader(Topics.TASK_EVENTS)) {
      taskId = scenario.trigger(scenario.labeled());

      JsonNode task = scenario.awaitFinished(taskId);

      assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(scenario.comments(scenario.issue.number()))
                      .anySatisfy(
                          comment ->
                              assertThat(comment.body())
                                  .contains("sandbox blocked connections to `" + github + "`")));
      triggers
          .settle()
          .forEach(record -> places.put("trigger event " + record.offset(), record.value()));
      outcomes
          .settle()
          .forEach(record -> places.put("task event " + record.offset(), record.value()));
    }
    places.put("task API", get("/tasks/" + taskId));
    places.put("task list API", get("/tasks?repo=octo/" + scenario.repo));
    places.put("transcript API", get("/tasks/" + taskId + "/transcript"));
    scenario
        .comments(scenario.issue.number())
        .forEach(comment -> places.put("issue comment " + comment.id(), comment.body()));
    scenario.pullRequests().forEach(pull -> places.put("pull request " + pull, pull.toString()));
    String branch = "kaka/issue-" + scenario.issue.number() + "-tidy-the-readme";
    for (String file :
        List.of(
            StubAgent.ESCAPE_REPORT,
            StubAgent.LOOT_BASE64,
            StubAgent.LOOT_HEX,
            StubAgent.LOOT_REVERSED)) {
      String pushed = kaka.github.file("octo", scenario.repo, branch, file).orElseThrow();
      places.put("pushed " + file, pushed);
      places.put("pushed " + file + " decoded", decoded(pushed));
    }
    places.putAll(mongoDocuments());
    places.putAll(filesUnder(dataDir()));

    assertThat(places)
        .as("places looked at")
        .containsKeys("task API", "transcript API")
        .hasSizeGreaterThan(10);
    List<String> tokens = new ArrayList<>(List.of(RunningSystem.TOKEN));
    kaka.app.issuedTokens().forEach(issued -> tokens.add(issued.token()));
    assertThat(tokens).as("the installation tokens the services minted").hasSizeGreaterThan(2);
    List<String> forms = tokens.stream().flatMap(token -> forms(token).stream()).toList();
    places.forEach(
        (place, content) ->
            assertThat(forms).as("a token in %s", place).noneMatch(content::contains));
    assertThat(
            ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(line -> line.contains(StubAgent.escapeDaemon(plant))))
        .isEmpty();
  }

  @Test
  void aWorkersTokenReachesOnlyItsTasksRepositoryAndOnlyItsContents() throws Exception {
    Scenario scenario = new Scenario(kaka, "scoped", "Fix the typo", "It says teh.");
    String other = "elsewhere-" + Long.toHexString(System.nanoTime());
    kaka.github.createRepository("octo", other, "main", Map.of("SECRET.md", "not yours\n"));
    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled()));
    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");

    List<FakeGitHubApp.IssuedToken> workerTokens =
        kaka.app.issuedTokens().stream()
            .filter(issued -> issued.repositories().equals(List.of(scenario.repo)))
            .filter(issued -> "write".equals(issued.permissions().get("contents")))
            .toList();

    assertThat(workerTokens).as("the worker's tokens for the task's repository").isNotEmpty();
    for (FakeGitHubApp.IssuedToken issued : workerTokens) {
      assertThat(issued.permissions().keySet()).containsOnly("contents", "metadata");
      assertThat(apiStatus(issued.token(), "/repos/octo/" + other + "/contents/SECRET.md"))
          .as("another repository of the same installation")
          .isEqualTo(404);
      assertThat(
              apiStatus(
                  issued.token(),
                  "/repos/octo/"
                      + scenario.repo
                      + "/issues/"
                      + scenario.issue.number()
                      + "/comments"))
          .as("the task's own repository, beyond its contents")
          .isEqualTo(403);
    }
  }

  private int apiStatus(String token, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(kaka.github.apiUrl() + path))
            .header("Authorization", "token " + token)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The loot as base64, hex and reversed text would carry it, decoded where it decodes. */
  private static String decoded(String content) {
    StringBuilder all = new StringBuilder(new StringBuilder(content).reverse());
    try {
      all.append(
          new String(Base64.getMimeDecoder().decode(content.strip()), StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException notBase64) {
      // not every file is
    }
    try {
      all.append(
          new String(
              java.util.HexFormat.of().parseHex(content.strip()), StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException notHex) {
      // not every file is
    }
    return all.toString();
  }

  /** The token as it is, and as a URL, JSON, HTTP Basic authentication or base64 would carry it. */
  private static List<String> forms(String token) {
    return List.of(
        token,
        URLEncoder.encode(token, StandardCharsets.UTF_8),
        Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)),
        Base64.getEncoder()
            .encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8)));
  }

  private TopicReader reader(String topic) {
    return TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), topic);
  }

  /** The answer to {@code GET /api{path}} as the operator sees it, whatever its status. */
  private String get(String path) {
    HttpResponse<String> response = kaka.get(path);
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response.statusCode() + " " + response.body();
  }

  /** Every document of every collection of the services' database, as JSON. */
  private static Map<String, String> mongoDocuments() {
    Map<String, String> documents = new LinkedHashMap<>();
    try (MongoClient client = MongoClients.create(MongoStandIn.shared().uri("kaka-e2e"))) {
      MongoDatabase database = client.getDatabase("kaka-e2e");
      List<String> collections =
          Flux.from(database.listCollectionNames()).collectList().block(Duration.ofSeconds(10));
      for (String collection : collections) {
        List<Document> found =
            Flux.from(database.getCollection(collection).find())
                .collectList()
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
        files.put(
            dir.relativize(path).toString(),
            new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
      } catch (IOException vanished) {
        // a file deleted while walking (a rolled log, a finished workspace) holds nothing now
      }
    }
    assertThat(files.keySet())
        .as("files under " + dir)
        .anyMatch(name -> name.endsWith("worker.log"));
    return files;
  }
}
