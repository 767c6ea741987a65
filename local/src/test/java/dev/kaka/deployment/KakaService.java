package dev.kaka.deployment;

import java.nio.file.Path;
import java.util.List;

/**
 * One of the three services as the deployment files name it.
 *
 * @param module the Maven module, which is also the image's name
 * @param basePackage where its {@code @ConfigurationProperties} live
 * @param composeService its service in docker-compose.yml, and its Dockerfile target
 * @param deployment its Deployment in k8s/
 * @param usesMongo whether it needs MongoDB
 */
record KakaService(
    String module,
    String basePackage,
    String composeService,
    String deployment,
    boolean usesMongo) {

  static final KakaService INGRESS =
      new KakaService("ingress-service", "dev.kaka.ingress", "ingress", "kaka-ingress", true);
  static final KakaService WORKER =
      new KakaService("worker-service", "dev.kaka.worker", "worker", "kaka-worker", false);
  static final KakaService NOTIFIER =
      new KakaService("notifier-service", "dev.kaka.notifier", "notifier", "kaka-notifier", true);

  static List<KakaService> all() {
    return List.of(INGRESS, WORKER, NOTIFIER);
  }

  Path applicationYml() {
    return RepositoryRoot.path().resolve(module).resolve("src/main/resources/application.yml");
  }

  /** The image the build makes, without registry and tag. */
  String image() {
    return "kaka/" + module;
  }

  @Override
  public String toString() {
    return composeService;
  }
}
