package dev.kaka.worker.attachment;

import dev.kaka.support.github.GitHubApp;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.worker.git.GitProperties;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AttachmentConfiguration {

  @Bean
  ImageAttachments imageAttachments(
      AttachmentProperties properties,
      GitProperties git,
      GitHubProperties github,
      Optional<GitHubApp> app) {
    return ImageAttachments.of(properties, git, github, app);
  }
}
