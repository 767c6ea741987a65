package dev.kaka.bench.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The script's samples, once a second, of the ingress's and the broker's CPU time and of the
 * ingress's resident memory, with how many cases the driver had finished: a case's measured run
 * ends when its result line is written, and lasts the run's duration.
 */
final class ResourceSamples {

  /** {@code epoch-seconds ingress-ticks broker-ticks ingress-rss-kB finished-cases} */
  private record Sample(
      double time, double ingressTicks, double brokerTicks, double rssKb, int finishedCases) {}

  private final List<Sample> samples;
  private final double ticksPerSecond;

  private ResourceSamples(List<Sample> samples, double ticksPerSecond) {
    this.samples = samples;
    this.ticksPerSecond = ticksPerSecond;
  }

  static ResourceSamples read(Path file, double ticksPerSecond) {
    try {
      List<Sample> samples =
          Files.readAllLines(file).stream()
              .map(line -> line.trim().split("\\s+"))
              .filter(fields -> fields.length == 5 && !fields[1].isEmpty() && !fields[2].isEmpty())
              .map(
                  fields ->
                      new Sample(
                          Double.parseDouble(fields[0]),
                          Double.parseDouble(fields[1]),
                          Double.parseDouble(fields[2]),
                          Double.parseDouble(fields[3]),
                          Integer.parseInt(fields[4])))
              .toList();
      return new ResourceSamples(samples, ticksPerSecond);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker's CPU in % of one CPU during the measured run of case {@code index} (0-based). */
  OptionalDouble brokerCpuPercent(int index, double durationSeconds) {
    int end = endOf(index);
    if (end < 0) {
      return OptionalDouble.empty();
    }
    double startTime = samples.get(end).time() - durationSeconds;
    int start = end;
    while (start > 0 && samples.get(start).time() > startTime) {
      start--;
    }
    Sample from = samples.get(start);
    Sample to = samples.get(end);
    double seconds = to.time() - from.time();
    double ticks = to.brokerTicks() - from.brokerTicks();
    return seconds <= 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(100 * ticks / ticksPerSecond / seconds);
  }

  /** The ingress's resident memory in MiB right after the measured run of case {@code index}. */
  OptionalDouble ingressRssMib(int index) {
    int end = endOf(index);
    return end < 0 ? OptionalDouble.empty() : OptionalDouble.of(samples.get(end).rssKb() / 1024);
  }

  /** When case {@code index}'s result was first seen (epoch ms), or empty. */
  OptionalDouble finishedAtMillis(int index) {
    int end = endOf(index);
    return end < 0 ? OptionalDouble.empty() : OptionalDouble.of(samples.get(end).time() * 1000);
  }

  private int endOf(int index) {
    for (int i = 0; i < samples.size(); i++) {
      if (samples.get(i).finishedCases() > index) {
        return i;
      }
    }
    return -1;
  }
}
