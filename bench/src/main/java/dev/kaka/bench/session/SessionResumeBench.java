package dev.kaka.bench.session;

import dev.kaka.bench.system.Arguments;
import dev.kaka.testkit.anthropic.ClaudeCli;
import dev.kaka.testkit.anthropic.FakeAnthropicApi;
import dev.kaka.testkit.anthropic.MessagesRequest;
import dev.kaka.worker.agent.AgentProperties;
import dev.kaka.worker.agent.AgentResult;
import dev.kaka.worker.agent.AgentSession;
import dev.kaka.worker.agent.CommandLineAgent;
import dev.kaka.worker.agent.SessionPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What resuming the earlier run's session saves a follow-up on a pull request: the same scripted
 * follow-up run twice by the real Claude Code CLI against the fake Messages API, once resuming the
 * session the first run left and once fresh, counting what the CLI sends. The scripted model
 * ({@link ModuleScript}) reads each file of the module before it changes anything, unless the
 * conversation already holds them, as a model that must understand the code before it edits it
 * does.
 */
public final class SessionResumeBench {

  private static final long MAX_SESSION_BYTES = 16L * 1024 * 1024;

  public static void main(String[] args) throws Exception {
    Arguments arguments = Arguments.parse(args);
    Path work = arguments.path("work");
    int files = arguments.integer("files", 6);
    Path claude = ClaudeCli.find().orElse(null);
    if (claude == null) {
      String skipped = "Not run: " + ClaudeCli.notFoundMessage() + ".\n";
      System.out.print(skipped);
      arguments.writeReport(skipped, "");
      return;
    }
    Path workspace = ModuleScript.writeModule(work.resolve("workspace"), files);
    try (FakeAnthropicApi api = FakeAnthropicApi.start(new ModuleScript(files))) {
      CommandLineAgent agent =
          new CommandLineAgent(
              properties(claude), ClaudeCli.environment(api, work.resolve("home")));
      Run first =
          run(
              agent,
              api,
              workspace,
              ModuleScript.FIRST_PROMPT,
              SessionPlan.fresh(MAX_SESSION_BYTES));
      AgentSession session = first.result().session();
      if (session.content() == null) {
        throw new IllegalStateException("the first run left no session: " + first.result());
      }
      Run resumed =
          run(
              agent,
              api,
              workspace,
              ModuleScript.FOLLOW_UP_PROMPT,
              SessionPlan.resume(session.sessionId(), session.content(), MAX_SESSION_BYTES));
      Files.deleteIfExists(workspace.resolve(ModuleScript.FOLLOW_UP_FILE));
      Run fresh =
          run(
              agent,
              api,
              workspace,
              ModuleScript.FOLLOW_UP_PROMPT,
              SessionPlan.fresh(MAX_SESSION_BYTES));
      report(arguments, files, session, resumed, fresh);
    }
  }

  private static Run run(
      CommandLineAgent agent, FakeAnthropicApi api, Path workspace, String prompt, SessionPlan plan)
      throws Exception {
    int before = api.requests().size();
    AgentResult result =
        agent.run(
            new dev.kaka.worker.agent.AgentRequest(
                "bench",
                workspace,
                prompt,
                Duration.ofMinutes(2),
                progress -> {},
                null,
                null,
                plan));
    if (result.outcome() != AgentResult.Outcome.SUCCEEDED) {
      throw new IllegalStateException("the run failed: " + result.message());
    }
    List<MessagesRequest> requests = api.requests();
    return new Run(result, requests.subList(before, requests.size()));
  }

  private static void report(
      Arguments arguments, int files, AgentSession session, Run resumed, Run fresh) {
    String markdown =
        String.join(
            "\n",
            "The same scripted follow-up on a pull request (a model that reads the "
                + files
                + " files of a module before it changes one, unless the conversation holds them"
                + " already), run by the real `claude` against the fake Messages API:",
            "",
            "| follow-up | API requests | bytes of messages sent | input tokens (fake's count) |",
            "|---|---|---|---|",
            row("resuming the first run's session", resumed),
            row("fresh", fresh),
            "",
            String.format(
                Locale.ROOT,
                "Resuming sends %s of the bytes of messages and %s of the input tokens of a fresh"
                    + " start. The session the first run kept: %,d bytes.",
                percent(resumed.messagesBytes(), fresh.messagesBytes()),
                percent(resumed.inputTokens(), fresh.inputTokens()),
                session.size()),
            "");
    String raw =
        String.format(
            Locale.ROOT,
            "resumed requests=%d messages_bytes=%d input_tokens=%d%n"
                + "fresh requests=%d messages_bytes=%d input_tokens=%d%nsession_bytes=%d%n",
            resumed.requests().size(),
            resumed.messagesBytes(),
            resumed.inputTokens(),
            fresh.requests().size(),
            fresh.messagesBytes(),
            fresh.inputTokens(),
            session.size());
    System.out.print(markdown);
    arguments.writeReport(markdown, raw);
  }

  private static String row(String name, Run run) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %,d | %,d |",
        name,
        run.requests().size(),
        run.messagesBytes(),
        run.inputTokens());
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole);
  }

  /** The agent's settings as the worker's defaults, with the CLI found here. */
  private static AgentProperties properties(Path claude) {
    Map<String, String> source = new HashMap<>();
    List<String> command =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("kaka.agent", AgentProperties.class)
            .command();
    source.put("kaka.agent.command[0]", claude.toString());
    for (int i = 1; i < command.size(); i++) {
      source.put("kaka.agent.command[" + i + "]", command.get(i));
    }
    source.put("kaka.agent.sandbox", "off");
    return new Binder(new MapConfigurationPropertySource(source))
        .bindOrCreate("kaka.agent", AgentProperties.class);
  }

  /** One run of the agent and the requests it sent. */
  private record Run(AgentResult result, List<MessagesRequest> requests) {

    long messagesBytes() {
      return requests.stream().mapToLong(MessagesRequest::messagesBytes).sum();
    }

    long inputTokens() {
      return requests.stream().mapToLong(MessagesRequest::inputTokens).sum();
    }
  }
}
