package dev.kaka.worker.agent.sandbox;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the sandboxed agent may connect ({@code kaka.agent.network}).
 *
 * @param allowedHosts hosts the agent may reach through its proxy besides the model API, such as
 *     package registries: {@code host} (ports 80 and 443), {@code host:port} or {@code *.domain};
 *     everything else is refused and named in the task's status comment
 * @param presets named host lists a repository may choose from in its {@code .github/kaka.yml}
 *     ({@code agent.network: [npm]}), such as {@code npm: registry.npmjs.org}; a repository chooses
 *     among them and never names a host itself
 */
public record NetworkSettings(
    @DefaultValue({}) @NotNull
        List<@Pattern(regexp = HOST, message = HOST_MESSAGE) String> allowedHosts,
    Map<
            @Pattern(regexp = "[a-z0-9-]{1,40}") String,
            List<@Pattern(regexp = HOST, message = HOST_MESSAGE) String>>
        presets) {

  private static final String HOST = "(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?";
  private static final String HOST_MESSAGE = "must be host, host:port or *.domain";

  @ConstructorBinding
  public NetworkSettings {
    presets = presets == null ? Map.of() : Map.copyOf(presets);
  }

  /** Settings without presets. */
  public NetworkSettings(List<String> allowedHosts) {
    this(allowedHosts, Map.of());
  }

  /** The names among {@code chosen} that no preset has. */
  public List<String> unknownPresets(List<String> chosen) {
    return chosen.stream().filter(name -> !presets.containsKey(name)).toList();
  }

  /** The hosts of the chosen presets. */
  public List<String> hostsOf(List<String> chosen) {
    return chosen.stream()
        .flatMap(name -> presets.getOrDefault(name, List.of()).stream())
        .distinct()
        .toList();
  }
}
