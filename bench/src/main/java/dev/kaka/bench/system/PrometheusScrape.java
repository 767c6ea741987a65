package dev.kaka.bench.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a service's {@code /actuator/prometheus}: its samples, summed as asked. */
public final class PrometheusScrape {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<Sample> samples;

  private PrometheusScrape(List<Sample> samples) {
    this.samples = samples;
  }

  /** One sample: its metric's name, labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  public static PrometheusScrape of(URI endpoint) {
    try {
      HttpResponse<String> response =
          HTTP.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(endpoint + " answered " + response.statusCode());
      }
      return parse(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Could not scrape " + endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while scraping " + endpoint, e);
    }
  }

  static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.find()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, number(sample.group(3))));
    }
    return new PrometheusScrape(samples);
  }

  /** A value as Prometheus writes it: Java's notation, or {@code +Inf}, {@code -Inf}. */
  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The sum of {@code name}'s samples whose labels {@code which} accepts. */
  public double sum(String name, Predicate<Map<String, String>> which) {
    return samples.stream()
        .filter(sample -> sample.name().equals(name) && which.test(sample.labels()))
        .mapToDouble(Sample::value)
        .sum();
  }

  /**
   * As {@link #sum}, per group: the samples are grouped by what {@code key} makes of their labels.
   */
  public Map<String, Double> sumBy(
      String name,
      Predicate<Map<String, String>> which,
      Function<Map<String, String>, String> key) {
    Map<String, Double> sums = new TreeMap<>();
    for (Sample sample : samples) {
      if (sample.name().equals(name) && which.test(sample.labels())) {
        sums.merge(key.apply(sample.labels()), sample.value(), Double::sum);
      }
    }
    return sums;
  }

  /**
   * The {@code q}-quantile of histogram {@code name} (without {@code _bucket}), interpolated within
   * its bucket as Prometheus's {@code histogram_quantile} does; NaN when it is empty.
   */
  public double quantile(String name, double q) {
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    for (Sample sample : samples) {
      if (sample.name().equals(name + "_bucket")) {
        cumulative.merge(number(sample.labels().get("le")), sample.value(), Double::sum);
      }
    }
    if (cumulative.isEmpty() || cumulative.lastEntry().getValue() == 0) {
      return Double.NaN;
    }
    double rank = q * cumulative.lastEntry().getValue();
    double lowerBound = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= rank) {
        if (bucket.getKey().isInfinite()) {
          return lowerBound;
        }
        double inBucket = bucket.getValue() - below;
        return lowerBound + (bucket.getKey() - lowerBound) * (rank - below) / inBucket;
      }
      lowerBound = bucket.getKey();
      below = bucket.getValue();
    }
    return lowerBound;
  }
}
