package dev.kaka.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskerTest {

  private final SecretMasker masker =
      SecretMasker.of(
          Map.of(
              "ANTHROPIC_API_KEY",
              "plain-anthropic-key",
              "KAKA_WEBHOOK_SECRET",
              "hook\"secret\\value",
              "PATH",
              "/usr/local/bin:/usr/bin",
              "SHORT_TOKEN",
              "abc"),
          List.of("configured-github-token", "ghs_s3cr3t/+="));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "the key from the environment     | key=plain-anthropic-key!           | key=***!",
        "a configured secret              | push configured-github-token now   | push *** now",
        "a JSON-escaped secret            | {\"s\":\"hook\\\"secret\\\\value\"} | {\"s\":\"***\"}",
        "a URL-encoded secret             | url-encoded ghs_s3cr3t%2F%2B%3D in a query | url-encoded *** in a query",
        "an Anthropic key's shape         | use sk-ant-api03-AbCdEf_123-456    | use ***",
        "a GitHub token's shape           | ghp_0123456789abcdefghijABCDEFGHIJ  | ***",
        "a GitHub App installation token  | ghs_0123456789abcdefghijABCDEFGHIJ  | ***",
        "a fine-grained GitHub token      | github_pat_11AAAAAAA0123456789_abcdefXYZ | ***",
        "a Slack token                    | xoxb-1234567890-abcdef             | ***",
        "an AWS access key                | id AKIAIOSFODNN7EXAMPLE here       | id *** here",
        "a bearer token      | Authorization: Bearer abcdefghijklmnop1234 | Authorization: Bearer ***",
        "a token header      | Authorization: token abcdefghijklmnop1234  | Authorization: token ***",
        "a basic header      | header Authorization: Basic ghs_s3cr3t/+= sent | header Authorization: Basic *** sent",
        "a URL's password    | https://x-access-token:s3cr3t@github.com/o | https://***@github.com/o",
        "a known secret in a URL | https://ghs_s3cr3t/+=@github.com/o/r.git | https://***@github.com/o/r.git",
        "an @ in a password  | http://user:p@ss@127.0.0.1:8080/o/r.git    | http://***@127.0.0.1:8080/o/r.git",
        "user names          | git://user@host/o and ssh://git@host:22/o  | git://***@host/o and ssh://***@host:22/o",
        "a URL in JSON       | {\"url\":\"https://u:p@h/r\",\"by\":\"a@b\"} | {\"url\":\"https://***@h/r\",\"by\":\"a@b\"}",
      })
  void masks(String what, String text, String masked) {
    assertThat(masker.mask(text)).isEqualTo(masked);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PATH is /usr/local/bin:/usr/bin; abc; a token counter",
        "https://github.com/o/r@v1/path stays",
        "git@github.com:o/r.git is not a secret",
        "file:///tmp/o/r.git and /tmp/o/r.git"
      })
  void leavesOrdinaryTextAndNonSecretVariablesAlone(String text) {
    assertThat(masker.mask(text)).isEqualTo(text);
  }

  @Test
  void masksASecretThatContainsAnotherWhole() {
    SecretMasker nested = SecretMasker.of(List.of("secret-value", "secret-value-longer"));

    assertThat(nested.mask("a secret-value-longer one")).isEqualTo("a *** one");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "short"})
  void valuesTooShortToBeSecretsMaskNothing(String secret) {
    SecretMasker blank = SecretMasker.of(Arrays.asList(secret));

    assertThat(blank.mask("nothing   to hide, short")).isEqualTo("nothing   to hide, short");
  }

  @Test
  void shapesAreMaskedWithoutKnownValues() {
    assertThat(SecretMasker.shapesOnly().mask("token ghp_0123456789abcdefghijABCDEFGHIJ"))
        .isEqualTo("token ***");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void nothingStaysNothing(String text) {
    assertThat(masker.mask(text)).isEqualTo(text);
  }
}
