package dev.kaka.taskstore;

import static dev.kaka.taskstore.TaskFields.AGENT_PROGRESS_AT;
import static dev.kaka.taskstore.TaskFields.CREATED_AT;
import static dev.kaka.taskstore.TaskFields.ID;
import static dev.kaka.taskstore.TaskFields.ISSUE_NUMBER;
import static dev.kaka.taskstore.TaskFields.PULL_REQUEST_NUMBER;
import static dev.kaka.taskstore.TaskFields.REPOSITORY;
import static dev.kaka.taskstore.TaskFields.STATUS;
import static dev.kaka.taskstore.TaskFields.UPDATED_AT;

import java.util.List;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;

/**
 * The indexes of the {@value TaskDocument#COLLECTION} collection, one per kind of query its readers
 * make. The notifier, which owns the collection, creates them at start-up; creating an index that
 * exists changes nothing, and changing one that exists under its name fails the start-up, so a
 * changed index gets a new name.
 */
public final class TaskIndexes {

  private TaskIndexes() {}

  /** Every index, named. */
  public static List<Index> all() {
    return List.of(
        // a trigger looks for the issue's newest queued or running task
        new Index()
            .on(REPOSITORY, Direction.ASC)
            .on(ISSUE_NUMBER, Direction.ASC)
            .on(CREATED_AT, Direction.DESC)
            .named("issue_newest"),
        // a follow-up on a pull request looks for the task that opened it
        new Index()
            .on(REPOSITORY, Direction.ASC)
            .on(PULL_REQUEST_NUMBER, Direction.ASC)
            .named("repository_pull_request"),
        // the task API's pages, newest first, and the overview's last day
        new Index().on(CREATED_AT, Direction.DESC).on(ID, Direction.DESC).named("newest"),
        new Index()
            .on(REPOSITORY, Direction.ASC)
            .on(CREATED_AT, Direction.DESC)
            .on(ID, Direction.DESC)
            .named("repository_newest"),
        new Index()
            .on(STATUS, Direction.ASC)
            .on(CREATED_AT, Direction.DESC)
            .on(ID, Direction.DESC)
            .named("status_newest"),
        // the live stream's recent changes, and the retention's old finished tasks
        new Index().on(UPDATED_AT, Direction.ASC).named("updated"),
        // the live stream's recent progress, which only running tasks have
        new Index().on(AGENT_PROGRESS_AT, Direction.ASC).sparse().named("progress_reported"));
  }

  /** Creates the indexes that do not exist yet. */
  public static void ensure(IndexOperations indexes) {
    all().forEach(indexes::createIndex);
  }
}
