package dev.kaka.worker.task;

import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.GitHubServer;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.worker.attachment.AttachmentProperties;
import dev.kaka.worker.attachment.ImageAttachments;
import dev.kaka.worker.git.GitProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The images of issues on a fake GitHub, whose signed links are under its own address. */
final class TestImages {

  private TestImages() {}

  static ImageAttachments of(FakeGitHub github, String token, GitProperties git) {
    String web = GitHubServer.of(github.apiUrl()).webUrl();
    return ImageAttachments.of(
        new AttachmentProperties(List.of(web + "/private-user-images/"), Duration.ofSeconds(10)),
        git,
        new GitHubProperties(github.apiUrl(), token, null, null),
        Optional.empty());
  }
}
