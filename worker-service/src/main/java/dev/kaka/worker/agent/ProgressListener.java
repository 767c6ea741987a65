package dev.kaka.worker.agent;

/**
 * Told what a running agent has done so far: at most once per {@code kaka.agent.progress-interval}
 * and only when something changed. Called on the thread that runs the agent; whatever it throws is
 * logged and otherwise ignored, since progress is a courtesy and must not end the run.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = progress -> {};

  void progressed(AgentProgress progress);
}
