package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretScrubberTest {

  private static final String TOKEN = "ghs_s3cr3t/+=";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
https://x-access-token:ghs_s3cr3t/+=@github.com/o/r.git: not authorized | https://github.com/o/r.git: not authorized
https://ghs_s3cr3t/+=@github.com/o/r.git                                 | https://github.com/o/r.git
http://user:p@ss@127.0.0.1:8080/o/r.git                                  | http://127.0.0.1:8080/o/r.git
git://user@host/o/r.git and ssh://git@host:22/o/r.git                    | git://host/o/r.git and ssh://host:22/o/r.git
header Authorization: Basic ghs_s3cr3t/+= sent                           | header Authorization: Basic *** sent
url-encoded ghs_s3cr3t%2F%2B%3D in a query                               | url-encoded *** in a query
https://github.com/o/r@v1/path stays                                     | https://github.com/o/r@v1/path stays
git@github.com:o/r.git is not a secret                                   | git@github.com:o/r.git is not a secret
""")
  void removesUrlCredentialsAndTheToken(String text, String expected) {
    assertThat(SecretScrubber.scrub(text, TOKEN)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "https://github.com/o/r.git, https://github.com/o/r.git",
    "https://x-access-token:t0k3n@github.com/o/r.git, https://github.com/o/r.git",
    "file:///tmp/o/r.git, file:///tmp/o/r.git",
    "/tmp/o/r.git, /tmp/o/r.git"
  })
  void urlWithoutCredentials(String url, String expected) {
    assertThat(SecretScrubber.withoutCredentials(url)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(value = {"''", "'   '"})
  void blankSecretMasksNothing(String secret) {
    assertThat(SecretScrubber.scrub("nothing   to hide", secret)).isEqualTo("nothing   to hide");
  }
}
