package dev.kaka.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the local system needs to know to start.
 *
 * @param dataDir where the embedded broker, the MongoDB stand-in, the repository cache and the logs
 *     keep their files
 * @param kafkaBootstrapServers an existing Kafka cluster, or null to run the embedded broker
 * @param mongoUri an existing MongoDB, or null to run the embedded stand-in
 * @param githubApiUrl the GitHub API the services talk to
 * @param githubToken the token the notifier and the workers use
 * @param webhookSecret the secret webhooks must be signed with
 * @param agentCommand the agent's command line, or empty for the services' default (the real CLI)
 * @param agentTimeout how long one agent run may take, or null for the worker's own setting
 * @param ports the services' HTTP ports, keyed by service name
 * @param extraProperties more properties, keyed by service name, for tests and experiments
 */
public record LocalSettings(
    Path dataDir,
    String kafkaBootstrapServers,
    String mongoUri,
    String githubApiUrl,
    String githubToken,
    String webhookSecret,
    List<String> agentCommand,
    Duration agentTimeout,
    Map<String, Integer> ports,
    Map<String, Map<String, String>> extraProperties) {

  public static final String INGRESS = "ingress";
  public static final String WORKER = "worker";
  public static final String NOTIFIER = "notifier";

  int port(String service) {
    return ports.get(service);
  }

  Map<String, String> extra(String service) {
    return extraProperties.getOrDefault(service, Map.of());
  }

  @Override
  public String toString() {
    return "LocalSettings[dataDir="
        + dataDir
        + ", githubApiUrl="
        + githubApiUrl
        + ", ports="
        + ports
        + ", token=****, webhookSecret=****]";
  }
}
