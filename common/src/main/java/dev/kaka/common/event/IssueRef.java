package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** The issue a task works on. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssueRef(int number, String title, String url) {

  public IssueRef {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(url, "url");
  }
}
