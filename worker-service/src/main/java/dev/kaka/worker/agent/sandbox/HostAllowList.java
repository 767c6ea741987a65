package dev.kaka.worker.agent.sandbox;

import java.util.List;
import java.util.Locale;

/**
 * The hosts the sandboxed agent may connect to through its proxy. An entry is {@code host} (ports
 * 80 and 443), {@code host:port}, or {@code *.domain} with or without a port for every subdomain.
 */
final class HostAllowList {

  private static final List<Integer> WEB_PORTS = List.of(80, 443);

  private final List<Entry> entries;

  HostAllowList(List<String> entries) {
    this.entries = entries.stream().map(HostAllowList::parse).toList();
  }

  /** This list and {@code more}. */
  HostAllowList with(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all =
        new java.util.ArrayList<>(
            entries.stream()
                .map(entry -> entry.host() + (entry.port() == null ? "" : ":" + entry.port()))
                .toList());
    all.addAll(more);
    return new HostAllowList(all);
  }

  boolean allows(String host, int port) {
    String name = host.toLowerCase(Locale.ROOT);
    return entries.stream().anyMatch(entry -> entry.matches(name, port));
  }

  @Override
  public String toString() {
    return entries.isEmpty()
        ? "no other host"
        : entries.stream()
            .map(entry -> entry.host() + (entry.port() == null ? "" : ":" + entry.port()))
            .toList()
            .toString();
  }

  private static Entry parse(String entry) {
    String value = entry.strip().toLowerCase(Locale.ROOT);
    int colon = value.lastIndexOf(':');
    if (colon > 0 && value.indexOf(']') < colon) {
      return new Entry(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }
    return new Entry(value, null);
  }

  private record Entry(String host, Integer port) {

    boolean matches(String name, int requestedPort) {
      boolean portMatches =
          port == null ? WEB_PORTS.contains(requestedPort) : port == requestedPort;
      return portMatches
          && (host.startsWith("*.") ? name.endsWith(host.substring(1)) : name.equals(host));
    }
  }
}
