package dev.kaka.worker.agent;

import dev.kaka.support.github.GitHubProperties;
import dev.kaka.worker.agent.sandbox.AgentSandbox;
import dev.kaka.worker.agent.sandbox.BubblewrapSandbox;
import dev.kaka.worker.agent.sandbox.DependencyCaches;
import dev.kaka.worker.agent.sandbox.SandboxHealthIndicator;
import dev.kaka.worker.agent.sandbox.SandboxMode;
import dev.kaka.worker.attachment.ImageAttachments;
import dev.kaka.worker.git.GitProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AgentConfiguration.class);

  /**
   * No GitHub token reaches the agent; the personal token is also masked wherever the agent printed
   * it, and so is anything shaped like a GitHub token, installation tokens included.
   */
  @Bean
  Agent agent(AgentProperties properties, AgentSandbox agentSandbox, GitHubProperties github) {
    return new CommandLineAgent(properties, System.getenv(), List.of(github.token()), agentSandbox);
  }

  /**
   * The sandbox, checked once at start-up: where it does not work, the worker takes no task ({@code
   * IssueTriggeredListener} does not start) and reports itself not ready.
   */
  @Bean
  AgentSandbox agentSandbox(
      AgentProperties properties,
      GitProperties git,
      GitHubProperties github,
      @Value("${KAKA_SECRETS_DIR:/run/secrets/kaka}") Path secrets) {
    if (properties.sandbox() == SandboxMode.OFF) {
      log.warn(
          "kaka.agent.sandbox=off: the agent runs as the worker's own user, without a"
              + " sandbox; it may edit files but not run commands");
      return AgentSandbox.OFF;
    }
    Map<String, String> environment = System.getenv();
    Path runs = git.workspaceDir().toAbsolutePath().resolveSibling("sandbox-runs");
    List<Path> hidden =
        new ArrayList<>(
            List.of(
                git.cacheDir().toAbsolutePath(),
                git.workspaceDir().toAbsolutePath(),
                ImageAttachments.rootOf(git),
                secrets.toAbsolutePath(),
                Path.of(System.getProperty("user.home")).toAbsolutePath()));
    if (github.appPrivateKeyFile() != null) {
      hidden.addAll(pathsOf(github.appPrivateKeyFile()));
    }
    List<Path> program = program(properties.command().get(0), environment).stream().toList();
    DependencyCaches caches =
        new DependencyCaches(
            git.workspaceDir().toAbsolutePath().resolveSibling("dependency-caches"),
            properties.dependencyCacheSize().toBytes());
    BubblewrapSandbox sandbox =
        new BubblewrapSandbox(
            properties.sandboxPrograms(),
            properties.filesystem(),
            properties.network(),
            environment,
            runs,
            hidden,
            program,
            caches);
    sandbox.check();
    return sandbox;
  }

  @Bean
  SandboxHealthIndicator sandboxHealthIndicator(AgentSandbox agentSandbox) {
    return new SandboxHealthIndicator(agentSandbox);
  }

  /**
   * The GitHub App's key where it is configured and where it really lies: a mounted secret is
   * usually a link into a directory of its own, and either path would show the key.
   */
  private static List<Path> pathsOf(Path file) {
    List<Path> paths = new ArrayList<>(List.of(file.toAbsolutePath()));
    try {
      paths.add(file.toRealPath());
    } catch (IOException e) {
      // GitHubProperties made sure the file exists: one that vanished since cannot be read either
    }
    return paths;
  }

  /** The agent's program, which it must be able to read and run inside the sandbox. */
  private static Optional<Path> program(String command, Map<String, String> environment) {
    if (command.contains("/")) {
      return Optional.of(Path.of(command).toAbsolutePath());
    }
    List<String> directories =
        new ArrayList<>(List.of(environment.getOrDefault("PATH", "").split(":")));
    return directories.stream()
        .filter(directory -> !directory.isBlank())
        .map(directory -> Path.of(directory, command))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
