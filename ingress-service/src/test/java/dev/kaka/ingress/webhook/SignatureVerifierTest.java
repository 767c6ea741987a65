package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.testkit.webhook.WebhookPayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureVerifierTest {

  private static final String SECRET = "It's a Secret to Everybody";
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  // the example GitHub's documentation gives for this secret and body
  private static final String GITHUB_EXAMPLE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  private final SignatureVerifier verifier = new SignatureVerifier(List.of(SECRET));

  @Test
  void acceptsTheSignatureFromGitHubsDocumentation() {
    assertThat(verifier.isValid(GITHUB_EXAMPLE, BODY)).isTrue();
  }

  static Stream<Arguments> refusals() {
    String good = WebhookPayload.signature(SECRET, BODY);
    byte[] oneByteChanged = BODY.clone();
    oneByteChanged[0] ^= 1;
    return Stream.of(
        Arguments.of("missing header", null, BODY),
        Arguments.of("empty header", "", BODY),
        Arguments.of("SHA-1 prefix", good.replace("sha256=", "sha1="), BODY),
        Arguments.of("no prefix", good.substring("sha256=".length()), BODY),
        Arguments.of("too short", good.substring(0, good.length() - 2), BODY),
        Arguments.of("too long", good + "00", BODY),
        Arguments.of("not hex", good.substring(0, good.length() - 1) + "z", BODY),
        Arguments.of("wrong secret", WebhookPayload.signature(SECRET + "!", BODY), BODY),
        Arguments.of("body changed by one byte", good, oneByteChanged),
        Arguments.of("upper-case prefix", good.replace("sha256=", "SHA256="), BODY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refuses(String description, String header, byte[] body) {
    assertThat(verifier.isValid(header, body)).isFalse();
  }

  @Test
  void acceptsEveryConfiguredSecretWhileOneIsRotated() {
    var rotating = new SignatureVerifier(List.of("old secret", "new secret"));

    assertThat(rotating.isValid(WebhookPayload.signature("old secret", BODY), BODY)).isTrue();
    assertThat(rotating.isValid(WebhookPayload.signature("new secret", BODY), BODY)).isTrue();
    assertThat(rotating.isValid(WebhookPayload.signature("other secret", BODY), BODY)).isFalse();
  }
}
