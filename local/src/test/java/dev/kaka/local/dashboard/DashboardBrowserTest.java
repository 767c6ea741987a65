package dev.kaka.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.local.RunningSystem;
import dev.kaka.local.Scenario;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeRepository;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/** The dashboard in real headless Chromium against the whole running system. */
class DashboardBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static ChromeDriver browser;
  private static RunningSystem kaka;

  @BeforeAll
  static void start() throws IOException {
    Optional<Path[]> installed = Browser.installed();
    assumeThat(installed)
        .as(
            "chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver): the dashboard's browser tests are skipped")
        .isPresent();
    kaka = RunningSystem.get();
    browser = Browser.start(installed.get());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void freshSession() {
    browser.get(kaka.dashboardUrl());
    browser.executeScript("sessionStorage.clear()");
    browser.get(kaka.dashboardUrl());
  }

  @Test
  void logsInAndOut() {
    waitFor(By.id("login-form"));
    Browser.screenshot(browser, "login");
    logIn(RunningSystem.API_USER, "wrong-password");
    assertThat(waitFor(By.id("login-error")).getText()).contains("refused");

    logIn(RunningSystem.API_USER, RunningSystem.API_PASSWORD);
    waitFor(By.id("tasks-table"));
    assertThat(browser.findElement(By.id("whoami")).getText()).isEqualTo(RunningSystem.API_USER);

    browser.findElement(By.id("logout")).click();
    assertThat(waitFor(By.id("login-error")).getText()).contains("logged out");
    browser.navigate().refresh();
    waitFor(By.id("login-form"));
    assertThat(browser.findElements(By.id("tasks-table"))).isEmpty();
  }

  @Test
  void aTaskAppearsAndFinishesInTheTableWithoutAReloadAndShowsItsTranscript() {
    logInAsOperator();
    waitFor(By.cssSelector("#live.on"));
    // a reload would lose this
    browser.executeScript("window.kakaNotReloaded = true");
    Scenario scenario = new Scenario(kaka, "dashboard-live", "Fix the typo", "It says teh.");
    String taskId = scenario.trigger(scenario.labeled());

    By row = By.cssSelector("tr[data-id='" + taskId + "']");
    until(
        () ->
            rowStatus(row).equals("completed")
                && !browser
                    .findElement(row)
                    .findElements(By.cssSelector(".pull-request a"))
                    .isEmpty());
    assertThat(((JavascriptExecutor) browser).executeScript("return window.kakaNotReloaded"))
        .isEqualTo(true);
    WebElement finished = browser.findElement(row);
    assertThat(finished.findElement(By.className("repository")).getText())
        .isEqualTo("octo/" + scenario.repo);
    assertThat(finished.findElement(By.className("requester")).getText()).isNotBlank();
    assertThat(finished.findElement(By.className("attempt")).getText()).isEqualTo("1");
    assertThat(finished.findElement(By.className("cost")).getText()).startsWith("$");
    Browser.screenshot(browser, "tasks");

    finished.findElement(By.className("repository")).click();
    waitFor(By.cssSelector("#transcript .tool-call"));
    assertThat(browser.findElement(By.id("task-title")).getText()).contains("Fix the typo");
    assertThat(browser.findElement(By.cssSelector("[data-fact='branch']")).getText())
        .startsWith("kaka/issue-");
    assertThat(browser.findElement(By.id("timeline")).getText())
        .contains("queued", "started", "completed");
    assertThat(browser.findElement(By.cssSelector("#transcript .final")).getText())
        .contains("result: success");
    WebElement toolCall = browser.findElement(By.cssSelector("#transcript .tool-call"));
    assertThat(toolCall.getAttribute("open")).as("tool inputs start collapsed").isNull();
    toolCall.findElement(By.tagName("summary")).click();
    Browser.screenshot(browser, "task");
  }

  @Test
  void thePushedCommitsTrailersLeadToTheTaskPageWithItsAudit() {
    logInAsOperator();
    Scenario scenario = new Scenario(kaka, "dashboard-audit", "Fix the typo", "It says teh.");
    String taskId = scenario.trigger(scenario.labeled());
    JsonNode task = scenario.awaitFinished(taskId);
    assertThat(task.path("status").asString()).isEqualTo("completed");
    String requester = task.path("requester").asString();

    String message =
        kaka.github()
            .commitMessage("octo", scenario.repo, task.path("headSha").asString())
            .orElseThrow();
    String page = kaka.dashboardUrl() + "#/tasks/" + taskId;
    assertThat(trailer(message, "Kaka-Task-Id")).isEqualTo(taskId);
    assertThat(trailer(message, "Kaka-Run")).isEqualTo(page);
    // a reviewer on GitHub sees the same link, and the model, turns, cost and settings without
    // logging in
    assertThat(kaka.github().comments("octo", scenario.repo, task.path("issueNumber").asInt()))
        .anySatisfy(comment -> assertThat(comment.body()).contains("(" + page + ")"));
    assertThat(kaka.github().pullRequests("octo", scenario.repo))
        .singleElement()
        .satisfies(
            pull ->
                assertThat(pull.body())
                    .contains(
                        "(" + page + ")", "Model: ", "settings: Kaka's own (no `.github/kaka.yml`)")
                    .containsPattern("Agent: \\d+ turns? · \\$\\d+\\.\\d{4}"));

    JsonNode audit = kaka.audit(taskId);
    assertThat(audit.path("requester").asString()).isEqualTo(requester);
    assertThat(audit.path("prompt").asString()).contains("It says teh.");
    assertThat(audit.path("settings").path("repositoryFile").asString()).isEqualTo("ABSENT");
    List<String> events = new ArrayList<>();
    audit.path("history").forEach(entry -> events.add(entry.path("event").asString()));
    assertThat(events).containsExactly("triggered", "started", "completed");
    assertThat(audit.path("history").get(0).path("by").asString()).isEqualTo(requester);

    browser.get(trailer(message, "Kaka-Run"));
    until(() -> browser.findElement(By.id("prompt")).getText().contains("It says teh."));
    // the page renders again as it polls: each check finds its element anew
    until(
        () ->
            browser
                .findElement(By.cssSelector("[data-fact='requester']"))
                .getText()
                .contains(requester));
    until(
        () ->
            !browser.findElement(By.cssSelector("[data-setting='Max turns']")).getText().isBlank());
    until(
        () ->
            browser
                .findElement(By.cssSelector("[data-setting='.github/kaka.yml']"))
                .getText()
                .equals("none"));
    until(
        () ->
            browser.findElements(By.cssSelector("#history li")).stream()
                .map(WebElement::getText)
                .toList()
                .toString()
                .matches(".*triggered \\(attempt 1\\) by " + requester + ".*started.*completed.*"));
    Browser.screenshot(browser, "task-audit");
  }

  /** The value of the trailer {@code key} in a commit message's last paragraph. */
  private static String trailer(String message, String key) {
    String[] paragraphs = message.strip().split("\n\n");
    return paragraphs[paragraphs.length - 1]
        .lines()
        .filter(line -> line.startsWith(key + ": "))
        .map(line -> line.substring(key.length() + 2).strip())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " trailer in:\n" + message));
  }

  @Test
  void cancelStopsAHangingTask() {
    logInAsOperator();
    Scenario scenario =
        new Scenario(kaka, "dashboard-cancel", "Never ends", "Hang please. " + StubAgent.HANG);
    String taskId = scenario.trigger(scenario.labeled());
    scenario.awaitStatus(taskId, "running");
    openTask(taskId);
    WebElement cancel = browser.findElement(By.id("cancel"));
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(cancel));
    cancel.click();

    until(
        () -> browser.findElement(By.id("command-result")).getText().contains("Cancel requested"));
    until(() -> statusOnTaskPage().equals("cancelled"));
    until(
        () ->
            browser
                .findElement(By.id("timeline"))
                .getText()
                .contains("cancelled by " + RunningSystem.API_USER));
    until(() -> browser.findElement(By.id("retry")).isEnabled());
    until(() -> !browser.findElement(By.id("cancel")).isEnabled());
    Browser.screenshot(browser, "task-cancelled");
  }

  @Test
  void retryStartsANewAttemptOfAFailedTask() {
    logInAsOperator();
    // a failure that is not retried by itself, so that the automatic retry cannot race the click
    Scenario scenario =
        new Scenario(kaka, "dashboard-retry", "Fails", "Change nothing. " + StubAgent.NO_CHANGE);
    String taskId = scenario.trigger(scenario.labeled());
    scenario.awaitStatus(taskId, "failed");
    openTask(taskId);
    // the page renders again while it polls: each check finds its element anew
    until(() -> !browser.findElement(By.cssSelector("[data-fact='failure']")).getText().isBlank());
    browser.findElement(By.id("retry")).click();

    until(
        () -> browser.findElement(By.id("command-result")).getText().contains("attempt 2 queued"));
    until(() -> browser.findElement(By.cssSelector("[data-fact='attempt']")).getText().equals("2"));
    assertThat(kaka.task(taskId).path("requester").asString()).isEqualTo(RunningSystem.API_USER);
    Browser.screenshot(browser, "task-retried");
    // the new attempt fails as well; leave no task of this test running for the next ones
    until(
        () ->
            kaka.task(taskId).path("attempt").asInt() == 2
                && kaka.task(taskId).path("status").asString().equals("failed"));
  }

  @Test
  void theOverviewChartsTheLastDay() {
    logInAsOperator();
    Scenario scenario = new Scenario(kaka, "dashboard-overview", "Fix the typo", "It says teh.");
    scenario.awaitFinished(scenario.trigger(scenario.labeled()));
    browser.findElement(By.linkText("Overview")).click();
    until(
        () ->
            !browser
                .findElements(By.cssSelector("#overview-hourly svg rect.bar-completed"))
                .isEmpty());
    assertThat(
            Integer.parseInt(
                browser.findElement(By.cssSelector("#overview-completed b")).getText()))
        .isPositive();
    assertThat(browser.findElement(By.id("overview-success")).getText()).contains("%");
    assertThat(browser.findElement(By.id("overview-cost")).getText())
        .contains("octo/" + scenario.repo);
    Browser.screenshot(browser, "overview");
  }

  @Test
  void theOverviewShowsTheMonthsSpendOfEachOrganisationAndRepositoryAgainstItsLimit() {
    logInAsOperator();
    // an organisation whose budgets no other test spends: what it shows does not depend on order
    String organisation = RunningSystem.BUDGETED_ORGANISATION;
    FakeRepository limited =
        kaka.github()
            .createRepository(
                organisation,
                RunningSystem.MONTHLY_BUDGETED_REPOSITORY,
                "main",
                Map.of("README.md", "# budget\n"));
    Scenario underItsLimit =
        new Scenario(kaka, organisation, limited, "Spend", "Do it. " + StubAgent.cost("0.40"));
    Scenario withoutALimit =
        new Scenario(
            kaka, organisation, "dashboard-budget", "Spend", "Do it. " + StubAgent.cost("0.25"));
    // the first reserves its repository's $2, which leaves the second $3 of the organisation's $5
    String first = underItsLimit.trigger(underItsLimit.labeled());
    String second = withoutALimit.trigger(withoutALimit.labeled());
    assertThat(underItsLimit.awaitFinished(first).path("status").asString()).isEqualTo("completed");
    assertThat(withoutALimit.awaitFinished(second).path("status").asString())
        .isEqualTo("completed");
    Map<String, String> budgets =
        Map.of(
            "organisation:" + organisation,
            "$0.65 $5.00 13 %",
            "repository:" + organisation + "/" + limited.name(),
            "$0.40 $2.00 20 %",
            "repository:" + organisation + "/" + withoutALimit.repo,
            "$0.25 –");
    // the notifier counts each run's cost from its events
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        monthBudget("organisation:" + organisation).path("spentUsd").decimalValue())
                    .isEqualByComparingTo("0.65"));

    browser.findElement(By.linkText("Overview")).click();
    budgets.forEach(
        (budget, shown) -> {
          WebElement row = waitFor(By.cssSelector("tr[data-budget='" + budget + "']"));
          JsonNode live = monthBudget(budget);
          String spent = usd(live.path("spentUsd"));
          String limit = usd(live.path("limitUsd"));
          assertThat(row.findElement(By.className("budget-spent")).getText()).isEqualTo(spent);
          assertThat(row.findElement(By.className("budget-limit")).getText()).isEqualTo(limit);
          String share = row.findElements(By.tagName("td")).get(5).getText();
          assertThat((spent + " " + limit + " " + share).strip()).as(budget).isEqualTo(shown);
          theGaugesShow(live);
        });
    Browser.screenshot(browser, "overview-budgets");
  }

  /** This month's budget {@code scope:name} as {@code GET /api/budgets} shows it now. */
  private JsonNode monthBudget(String budget) {
    for (JsonNode found : kaka.budgets("window=month")) {
      if (budget.equals(found.path("scope").asString() + ":" + found.path("name").asString())) {
        return found;
      }
    }
    throw new AssertionError("no budget " + budget + " this month");
  }

  /** What the dashboard's table shows of an amount: dollars to the cent, a dash for none. */
  private static String usd(JsonNode amount) {
    return amount.isNull() || amount.isMissingNode()
        ? "–"
        : "$" + amount.decimalValue().setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private void theGaugesShow(JsonNode budget) {
    Map<String, String> labels =
        Map.of(
            "scope", budget.path("scope").asString(),
            "name", budget.path("name").asString(),
            "window", "month");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(kaka.ingressMetric("kaka_budget_spent_usd", labels))
                  .isEqualTo(budget.path("spentUsd").doubleValue());
              if (budget.path("limitUsd").isNumber()) {
                assertThat(kaka.ingressMetric("kaka_budget_limit_usd", labels))
                    .isEqualTo(budget.path("limitUsd").doubleValue());
              }
            });
  }

  @Test
  void settingsShowMaskedValuesAndTheSetUpCheck() {
    logInAsOperator();
    browser.findElement(By.linkText("Settings")).click();
    until(() -> browser.findElements(By.cssSelector("#setup-checks tbody tr")).size() >= 4);
    for (String check : new String[] {"MongoDB", "Kafka", "Webhook secret"}) {
      assertThat(
              browser
                  .findElement(By.cssSelector("tr[data-check='" + check + "'] .check-ok"))
                  .getText())
          .isEqualTo("OK");
    }
    String settings = browser.findElement(By.id("settings")).getText();
    assertThat(settings)
        .contains("kaka.trigger", "kaka.api")
        .doesNotContain(RunningSystem.API_PASSWORD);
    Browser.screenshot(browser, "settings");
  }

  private void openTask(String taskId) {
    browser.get(kaka.dashboardUrl() + "#/tasks/" + taskId);
    until(() -> !statusOnTaskPage().isEmpty());
  }

  private String statusOnTaskPage() {
    return browser.findElements(By.cssSelector("[data-fact='status']")).stream()
        .map(WebElement::getText)
        .findFirst()
        .orElse("");
  }

  private String rowStatus(By row) {
    return browser.findElements(row).stream()
        .map(found -> found.findElement(By.className("status-cell")).getText())
        .findFirst()
        .orElse("");
  }

  private void logInAsOperator() {
    logIn(RunningSystem.API_USER, RunningSystem.API_PASSWORD);
    waitFor(By.id("tasks-table"));
  }

  private void logIn(String user, String password) {
    WebElement form = waitFor(By.id("login-form"));
    form.findElement(By.id("login-user")).clear();
    form.findElement(By.id("login-user")).sendKeys(user);
    form.findElement(By.id("login-password")).clear();
    form.findElement(By.id("login-password")).sendKeys(password);
    form.findElement(By.id("login-submit")).click();
  }

  private WebElement waitFor(By locator) {
    return new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  private void until(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(driver -> condition.getAsBoolean());
  }
}
