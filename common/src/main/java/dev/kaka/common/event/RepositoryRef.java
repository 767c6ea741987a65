package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * A GitHub repository as the worker needs it: where to clone from and which branch to start from.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RepositoryRef(String owner, String name, String cloneUrl, String defaultBranch) {

  public RepositoryRef {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cloneUrl, "cloneUrl");
    Objects.requireNonNull(defaultBranch, "defaultBranch");
  }

  @JsonIgnore
  public String fullName() {
    return owner + "/" + name;
  }
}
