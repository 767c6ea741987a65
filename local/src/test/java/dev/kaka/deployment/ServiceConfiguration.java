package dev.kaka.deployment;

import dev.kaka.worker.task.WorkerProperties;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * A service's configuration as Spring Boot would see it inside a container: the environment
 * variables a deployment file sets, the files it mounts into the config tree, and the service's own
 * application.yml, in Boot's order of precedence. {@link #bindAll()} then binds and validates every
 * {@code @ConfigurationProperties} record of the service, as its start-up does, so a property the
 * deployment forgot fails here the way it would fail there.
 */
final class ServiceConfiguration {

  private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

  private final KakaService service;
  private final StandardEnvironment environment = new StandardEnvironment();

  private ServiceConfiguration(KakaService service) {
    this.service = service;
  }

  /**
   * @param variables the container's environment
   * @param configTree files the deployment mounts as the config tree (name → content), or empty
   */
  static ServiceConfiguration of(
      KakaService service, Map<String, String> variables, Map<String, String> configTree) {
    ServiceConfiguration configuration = new ServiceConfiguration(service);
    var sources = configuration.environment.getPropertySources();
    sources.forEach(source -> sources.remove(source.getName()));
    sources.addLast(
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(variables)));
    if (!configTree.isEmpty()) {
      sources.addLast(new ConfigTreePropertySource("configtree", write(configTree)));
    }
    for (PropertySource<?> document : load(service.applicationYml())) {
      sources.addLast(document);
    }
    sources.addLast(new MapPropertySource("none", Map.of()));
    return configuration;
  }

  /**
   * How long the service may take to stop after SIGTERM: Spring's timeout per shutdown phase, and
   * for the worker also its shutdown grace, which running tasks get before that.
   */
  Duration shutdownTime() {
    Duration phase =
        DurationStyle.detectAndParse(property("spring.lifecycle.timeout-per-shutdown-phase"));
    if (!service.equals(KakaService.WORKER)) {
      return phase;
    }
    WorkerProperties worker =
        Binder.get(environment).bindOrCreate("kaka.worker", WorkerProperties.class);
    return worker.shutdownGrace().plus(phase);
  }

  /** The record {@code type} bound under {@code prefix}, as the service's start-up binds it. */
  <T> T bind(String prefix, Class<T> type) {
    return Binder.get(environment).bindOrCreate(prefix, type);
  }

  /** The property's value with placeholders resolved, or null. */
  String property(String name) {
    return Binder.get(environment).bind(name, String.class).orElse(null);
  }

  /**
   * Binds and validates every {@code @ConfigurationProperties} record of the service.
   *
   * @return the names of the classes bound
   */
  List<String> bindAll() {
    List<String> bound = new ArrayList<>();
    Binder binder = Binder.get(environment);
    var handler = new ValidationBindHandler(new SpringValidatorAdapter(VALIDATION.getValidator()));
    for (Class<?> type : propertiesClasses()) {
      ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
      String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
      binder.bindOrCreate(prefix, Bindable.of(type), handler);
      bound.add(type.getName());
    }
    return bound;
  }

  private List<Class<?>> propertiesClasses() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    List<Class<?>> classes = new ArrayList<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents(service.basePackage())) {
      try {
        classes.add(Class.forName(candidate.getBeanClassName()));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    if (classes.isEmpty()) {
      throw new IllegalStateException("no @ConfigurationProperties in " + service.basePackage());
    }
    return classes;
  }

  private static List<PropertySource<?>> load(Path yml) {
    try {
      return new YamlPropertySourceLoader().load(yml.toString(), new FileSystemResource(yml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Map<String, String> files) {
    try {
      Path dir = Files.createTempDirectory("kaka-configtree");
      for (var file : files.entrySet()) {
        Files.writeString(dir.resolve(file.getKey()), file.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
