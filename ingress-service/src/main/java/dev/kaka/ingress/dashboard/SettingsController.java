package dev.kaka.ingress.dashboard;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code GET /api/settings}: the ingress's effective settings, secrets masked; and {@code GET
 * /api/settings/check}: whether its set-up works. Both need credentials, whatever {@code
 * kaka.api.public-read} says.
 */
@RestController
class SettingsController {

  private final ApplicationContext context;
  private final Environment environment;
  private final JsonMapper json;
  private final SetupChecks checks;

  SettingsController(
      ApplicationContext context, Environment environment, JsonMapper json, SetupChecks checks) {
    this.context = context;
    this.environment = environment;
    this.json = json;
    this.checks = checks;
  }

  @GetMapping("/api/settings")
  Map<String, JsonNode> settings() {
    EffectiveSettings settings = new EffectiveSettings();
    context.getBeansWithAnnotation(ConfigurationProperties.class).values().stream()
        .filter(bean -> bean.getClass().getName().startsWith("dev.kaka."))
        .forEach(
            bean -> {
              ConfigurationProperties annotation =
                  AnnotationUtils.findAnnotation(bean.getClass(), ConfigurationProperties.class);
              String prefix =
                  annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
              settings.add(prefix, json.valueToTree(bean));
            });
    var infrastructure =
        JsonNodeFactory.instance
            .objectNode()
            .put(
                "spring.kafka.bootstrap-servers",
                environment.getProperty("spring.kafka.bootstrap-servers"))
            .put("spring.mongodb.uri", environment.getProperty("spring.mongodb.uri"))
            .put(
                "server.port",
                environment.getProperty(
                    "local.server.port", environment.getProperty("server.port")));
    settings.add("infrastructure", infrastructure);
    return settings.sections();
  }

  @GetMapping("/api/settings/check")
  Mono<java.util.List<SetupChecks.Check>> check() {
    return Flux.concat(checks.all()).collectList();
  }
}
