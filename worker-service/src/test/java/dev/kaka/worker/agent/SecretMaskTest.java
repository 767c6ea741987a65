package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretMaskTest {

  private final SecretMask mask =
      SecretMask.of(
          Map.of(
              "ANTHROPIC_API_KEY",
              "plain-anthropic-key",
              "KAKA_WEBHOOK_SECRET",
              "hook\"secret\\value",
              "PATH",
              "/usr/local/bin:/usr/bin",
              "SHORT_TOKEN",
              "abc"),
          List.of("configured-github-token"));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "the key from the environment     | key=plain-anthropic-key!           | key=***!",
        "a configured secret              | push configured-github-token now   | push *** now",
        "a JSON-escaped secret            | {\"s\":\"hook\\\"secret\\\\value\"} | {\"s\":\"***\"}",
        "an Anthropic key's shape         | use sk-ant-api03-AbCdEf_123-456    | use ***",
        "a GitHub token's shape           | ghp_0123456789abcdefghijABCDEFGHIJ  | ***",
        "a GitHub App installation token  | ghs_0123456789abcdefghijABCDEFGHIJ  | ***",
        "a fine-grained GitHub token      | github_pat_11AAAAAAA0123456789_abcdefXYZ | ***",
        "a bearer token      | Authorization: Bearer abcdefghijklmnop1234 | Authorization: Bearer ***",
        "a URL's password    | https://x-access-token:s3cr3t@github.com/o | https://***@github.com/o",
      })
  void masks(String what, String text, String masked) {
    assertThat(mask.apply(text)).isEqualTo(masked);
  }

  @Test
  void leavesOrdinaryTextAndNonSecretVariablesAlone() {
    String text = "PATH is /usr/local/bin:/usr/bin; abc; https://github.com/o/r; a token counter";

    assertThat(mask.apply(text)).isEqualTo(text);
  }
}
