package dev.kaka.local.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system's packages (Debian {@code chromium} and {@code
 * chromium-driver}), never a downloaded browser.
 */
final class Browser {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Browser() {}

  /** The Chromium executable and its driver, when both are installed. */
  static Optional<Path[]> installed() {
    Optional<Path> chromium = find("chromium", "chromium-browser", "google-chrome");
    Optional<Path> driver = find("chromedriver");
    return chromium.isPresent() && driver.isPresent()
        ? Optional.of(new Path[] {chromium.get(), driver.get()})
        : Optional.empty();
  }

  static ChromeDriver start(Path[] installed) throws IOException {
    Path profile = Files.createTempDirectory("kaka-chromium");
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(installed[0].toFile())
            .addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(installed[1].toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  static void screenshot(ChromeDriver browser, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = browser.getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> find(String... names) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    return Stream.of(names)
        .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
