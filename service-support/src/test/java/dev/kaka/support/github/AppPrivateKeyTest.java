package dev.kaka.support.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppPrivateKeyTest {

  private static KeyPair keys;

  @TempDir Path temp;

  @BeforeAll
  static void generateAKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
  }

  @Test
  void readsThePkcs1KeyGitHubHandsOut() throws Exception {
    Path file = write(pem("RSA PRIVATE KEY", pkcs1Of(keys.getPrivate())));

    PrivateKey loaded = AppPrivateKey.load(file);

    assertThat(loaded.getAlgorithm()).isEqualTo("RSA");
    assertThat(loaded.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
  }

  @Test
  void readsAPkcs8Key() throws Exception {
    Path file = write(pem("PRIVATE KEY", keys.getPrivate().getEncoded()));

    assertThat(AppPrivateKey.load(file).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
  }

  @Test
  void wrapsPkcs1InTheEnvelopeTheJdkWritesItself() {
    assertThat(AppPrivateKey.pkcs8Of(pkcs1Of(keys.getPrivate())))
        .isEqualTo(keys.getPrivate().getEncoded());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "not a key at all: hunter2-hunter2",
        "-----BEGIN RSA PRIVATE KEY-----\nhunter2-hunter2\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN RSA PRIVATE KEY-----\naHVudGVyMi1odW50ZXIy\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\naHVudGVyMi1odW50ZXIy\n-----END PRIVATE KEY-----\n",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\naHVudGVyMi1odW50ZXIy\n-----END ENCRYPTED PRIVATE"
            + " KEY-----\n"
      })
  void refusesWhatIsNoUsableKeyWithoutQuotingIt(String content) throws Exception {
    Path file = write(content);

    assertThatThrownBy(() -> AppPrivateKey.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "The GitHub App's private key (kaka.github.app-private-key-file) " + file)
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("aHVudGVyMi1odW50ZXIy");
  }

  @Test
  void saysWhenTheFileCannotBeRead() {
    Path missing = temp.resolve("missing.pem");

    assertThatThrownBy(() -> AppPrivateKey.load(missing))
        .hasMessageContaining(missing + " cannot be read");
  }

  private Path write(String content) throws Exception {
    return Files.writeString(temp.resolve("app.pem"), content);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * The PKCS#1 key inside the JDK's PKCS#8 encoding of a 2048-bit key: the octet string after the
   * version and the algorithm identifier, whose lengths take two bytes each at this size.
   */
  private static byte[] pkcs1Of(PrivateKey key) {
    byte[] pkcs8 = key.getEncoded();
    int octetString = 4 + 3 + 15;
    assertThat(pkcs8[octetString]).isEqualTo((byte) 0x04);
    return Arrays.copyOfRange(pkcs8, octetString + 4, pkcs8.length);
  }
}
