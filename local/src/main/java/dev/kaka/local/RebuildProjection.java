package dev.kaka.local;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.notifier.projection.ProjectionRebuild;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskRetention;
import java.io.PrintStream;
import java.time.Clock;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/**
 * {@code ./kaka rebuild-projection}: rebuilds the task store (the notifier's MongoDB projection)
 * from the topics into an empty database, with the notifier's own code ({@link ProjectionRebuild}).
 * A database that already holds tasks is refused, so a live one is never mixed into.
 */
final class RebuildProjection {

  private final String bootstrapServers;
  private final String mongoUri;
  private final String githubToken;
  private final TaskRetention retention;
  private final PrintStream out;

  /**
   * @param githubToken masked in transcripts as the notifier masks it; empty when not known
   * @param retention the notifier's, so that the finished tasks it deleted stay deleted
   */
  RebuildProjection(
      String bootstrapServers,
      String mongoUri,
      String githubToken,
      TaskRetention retention,
      PrintStream out) {
    this.bootstrapServers = bootstrapServers;
    this.mongoUri = mongoUri;
    this.githubToken = githubToken;
    this.retention = retention;
    this.out = out;
  }

  /** Rebuilds; returns the exit code. */
  int run() {
    ConnectionString connection = new ConnectionString(mongoUri);
    String database = connection.getDatabase();
    if (database == null) {
      out.println("kaka: name the database to rebuild into in the URI (mongodb://HOST/DATABASE)");
      return 2;
    }
    try (MongoClient client = MongoClients.create(connection)) {
      MongoTemplate target = new MongoTemplate(client, database);
      long tasks = target.count(new Query(), TaskDocument.class);
      if (tasks > 0) {
        out.println(
            "kaka: database "
                + database
                + " already holds "
                + tasks
                + " tasks; rebuild"
                + " into an empty one");
        return 1;
      }
      long start = System.nanoTime();
      ProjectionRebuild.Result result =
          ProjectionRebuild.into(
                  target, bootstrapServers, githubToken, retention, Clock.systemUTC())
              .run();
      out.printf(
          "kaka: rebuilt database %s from %s in %.1f s: %d events and %d reports applied,"
              + " %d records skipped (refused triggers, unreadable records), %d finished tasks"
              + " past kaka.tasks.retention (%s) deleted%n",
          database,
          bootstrapServers,
          (System.nanoTime() - start) / 1e9,
          result.events(),
          result.reports(),
          result.skipped(),
          result.expired(),
          retention.retention());
      return 0;
    }
  }
}
