package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.index.Index;

class TaskIndexesTest {

  private final StandInStore store = new StandInStore("task-indexes-test");

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void ensureCreatesEveryIndexOnceWhateverHowOftenItRuns() {
    TaskIndexes.ensure(store.mongo.indexOps(TaskDocument.class));
    TaskIndexes.ensure(store.mongo.indexOps(TaskDocument.class));

    List<Document> listed =
        store.mongo.getCollection(TaskDocument.COLLECTION).listIndexes().into(new ArrayList<>());
    assertThat(listed)
        .extracting(index -> index.getString("name"))
        .containsExactlyInAnyOrderElementsOf(names());
    assertThat(listed)
        .filteredOn(index -> index.getString("name").equals("issue_newest"))
        .singleElement()
        .extracting(index -> index.get("key", Document.class))
        .isEqualTo(new Document("repository", 1).append("issueNumber", 1).append("createdAt", -1));
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>(List.of("_id_"));
    TaskIndexes.all().stream()
        .map(Index::getIndexOptions)
        .map(options -> options.getString("name"))
        .forEach(names::add);
    return names;
  }
}
