package dev.kaka.worker.checks;

/**
 * A check that failed on the head a fix is for, as much of it as the prompt carries: masked and cut
 * to its end.
 *
 * @param name the check's name
 * @param conclusion how it ended, as GitHub says: {@code failure}, {@code timed_out}, …
 * @param output the end of what the check reported (title, summary and text)
 * @param log the end of its Actions job log; empty for a check that is no Actions job
 */
public record FailedCheck(String name, String conclusion, String output, String log) {}
