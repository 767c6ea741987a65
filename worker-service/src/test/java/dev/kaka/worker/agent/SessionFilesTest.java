package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import dev.kaka.support.secrets.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFilesTest {

  private static final String ID = "884bb2ca-921d-40e4-984e-3bb831e888bd";
  private static final String TOKEN = "ghs_SessionFilesTestToken0001";
  private static final SecretMasker MASKER = SecretMasker.of(List.of(TOKEN));

  @TempDir Path home;

  @Test
  void aRestoredSessionLiesWhereTheCliLooksForItAndComesBackMasked() throws Exception {
    String content = "{\"type\":\"user\",\"message\":\"push with " + TOKEN + "\"}\n";
    SessionFiles.restore(home, Path.of("/workspace"), SessionPlan.resume(ID, content, 1000));

    assertThat(home.resolve(".claude/projects/-workspace/" + ID + ".jsonl")).hasContent(content);
    AgentSession kept = SessionFiles.capture(home, ID, 1000, MASKER);
    assertThat(kept.sessionId()).isEqualTo(ID);
    assertThat(kept.size()).isEqualTo(content.length());
    assertThat(kept.content()).doesNotContain(TOKEN).contains(SecretMasker.MASK);
  }

  @Test
  void aSessionOverTheCapIsNamedWithItsSizeButNotRead() throws Exception {
    Path project = Files.createDirectories(home.resolve(".claude/projects/-tmp-w"));
    Files.writeString(project.resolve(ID + ".jsonl"), "x".repeat(2000));

    AgentSession kept = SessionFiles.capture(home, ID, 1000, MASKER);

    assertThat(kept.left()).isTrue();
    assertThat(kept.size()).isEqualTo(2000);
    assertThat(kept.content()).isNull();
  }

  @Test
  void noSessionIsLeftWithoutAnIdAFileOrRoomForOne() throws Exception {
    assertThat(SessionFiles.capture(home, ID, 1000, MASKER).left()).isFalse();
    assertThat(SessionFiles.capture(home, null, 1000, MASKER).left()).isFalse();
    assertThat(SessionFiles.capture(home, ID, 0, MASKER).left()).isFalse();
  }

  @Test
  void aSessionFileOrDirectoryThatLinksOutOfTheHomeIsNotRead(@TempDir Path worker)
      throws Exception {
    Path secret = Files.writeString(worker.resolve("secret"), TOKEN);
    Path project = Files.createDirectories(home.resolve(".claude/projects/-workspace"));
    Files.createSymbolicLink(project.resolve(ID + ".jsonl"), secret);
    Path elsewhere = Files.createDirectories(worker.resolve("elsewhere"));
    Files.copy(secret, elsewhere.resolve("other-id.jsonl"));
    Files.createSymbolicLink(home.resolve(".claude/projects/linked"), elsewhere);

    assertThat(SessionFiles.capture(home, ID, 1000, MASKER).left()).isFalse();
    assertThat(SessionFiles.capture(home, "other-id", 1000, MASKER).left()).isFalse();
  }

  @Test
  void aSessionIdThatIsNoIdNamesNoFile() {
    assertThatIOException()
        .isThrownBy(
            () ->
                SessionFiles.restore(
                    home, Path.of("/workspace"), SessionPlan.resume("../../etc/x", "{}", 10)));
    assertThat(home.resolve(".claude")).doesNotExist();
  }
}
