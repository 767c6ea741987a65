package dev.kaka.ingress.task;

import java.util.List;

/** One page of tasks, newest first, and how many match in all. */
record TaskPage(List<TaskView> tasks, long total, int page, int size) {}
