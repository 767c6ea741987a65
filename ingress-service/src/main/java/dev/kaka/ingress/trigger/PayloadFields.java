package dev.kaka.ingress.trigger;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.filter.FilteringParserDelegate;
import tools.jackson.core.filter.TokenFilter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook payload as {@link TriggerRules} sees it: only the fields the rules read. A payload is
 * kilobytes of URLs and user records the rules never look at, and building a tree of all of it cost
 * a delivery more than anything else it does. Every byte is still parsed, so malformed JSON
 * anywhere is refused. A field the rules read must be named here: {@code TriggerRulesTest} decides
 * every case both from the whole payload and from these fields, and expects the same.
 */
public final class PayloadFields {

  // a repeated key would leave it open which value the rules saw and which one the peek saw; the
  // tree finds it as it adds each key, which costs less than the parser keeping a set per object
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

  private static final TokenFilter WHOLE = TokenFilter.INCLUDE_ALL;

  private static final TokenFilter SUBJECT =
      Fields.of(
          Map.of(
              "state",
              WHOLE,
              "number",
              WHOLE,
              "title",
              WHOLE,
              "html_url",
              WHOLE,
              "body",
              WHOLE,
              // how many comments are under it: none means there is no conversation to read
              "comments",
              WHOLE,
              // present on an issue that is a pull request
              "pull_request",
              WHOLE));

  private static final TokenFilter AUTHOR =
      Fields.of(Map.of("type", WHOLE, "login", WHOLE, "id", WHOLE));

  // the pull requests whose head a check ran on
  private static final TokenFilter CHECKED_PULL_REQUESTS =
      new Elements(Fields.of(Map.of("number", WHOLE, "head", Fields.of(Map.of("sha", WHOLE)))));

  // a check suite, a check run or a workflow run: its name, or its app's, and how it ended
  private static final TokenFilter CHECK =
      Fields.of(
          Map.of(
              "name",
              WHOLE,
              "app",
              Fields.of(Map.of("name", WHOLE)),
              "head_sha",
              WHOLE,
              "conclusion",
              WHOLE,
              "pull_requests",
              CHECKED_PULL_REQUESTS));

  private static final TokenFilter READ_BY_RULES =
      new Fields(
          true,
          Map.ofEntries(
              Map.entry("action", WHOLE),
              Map.entry("ref", WHOLE),
              Map.entry("label", Fields.of(Map.of("name", WHOLE))),
              Map.entry("assignee", Fields.of(Map.of("login", WHOLE))),
              Map.entry("sender", Fields.of(Map.of("login", WHOLE, "type", WHOLE, "id", WHOLE))),
              Map.entry(
                  "repository",
                  Fields.of(
                      Map.of(
                          "full_name",
                          WHOLE,
                          "name",
                          WHOLE,
                          "owner",
                          Fields.of(Map.of("login", WHOLE)),
                          "clone_url",
                          WHOLE,
                          "default_branch",
                          WHOLE))),
              Map.entry("issue", SUBJECT),
              Map.entry("pull_request", SUBJECT),
              Map.entry("check_suite", CHECK),
              Map.entry("check_run", CHECK),
              Map.entry("workflow_run", CHECK),
              Map.entry(
                  "comment",
                  Fields.of(
                      Map.of(
                          "body",
                          WHOLE,
                          "author_association",
                          WHOLE,
                          "path",
                          WHOLE,
                          "line",
                          WHOLE,
                          "original_line",
                          WHOLE,
                          "id",
                          WHOLE,
                          // set when the comment is part of a review
                          "pull_request_review_id",
                          WHOLE,
                          "user",
                          AUTHOR))),
              Map.entry(
                  "review",
                  Fields.of(
                      Map.of(
                          "id",
                          WHOLE,
                          "body",
                          WHOLE,
                          "author_association",
                          WHOLE,
                          "user",
                          AUTHOR)))));

  private PayloadFields() {}

  /**
   * The fields of {@code payload} that the rules read, as an object node; null or another kind of
   * node when the payload is not a JSON object.
   *
   * @throws JacksonException when the payload is not one well-formed JSON value
   */
  public static JsonNode read(byte[] payload) {
    try (JsonParser parser = JSON.createParser(payload)) {
      JsonNode fields =
          JSON.readTree(
              new FilteringParserDelegate(
                  parser, READ_BY_RULES, TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true));
      if (parser.nextToken() != null) {
        throw new StreamReadException(parser, "more than one JSON value");
      }
      return fields;
    }
  }

  /** Keeps the named fields of an object, each with its own filter, and nothing else. */
  private static final class Fields extends TokenFilter {

    private final boolean root;
    private final Map<String, TokenFilter> named;

    private Fields(boolean root, Map<String, TokenFilter> named) {
      this.root = root;
      // asked for every field of every object kept: Map.of's lookup cost the parse a sixth more
      this.named = new HashMap<>(named);
    }

    static TokenFilter of(Map<String, TokenFilter> named) {
      return new Fields(false, named);
    }

    @Override
    public TokenFilter includeProperty(String name) {
      return named.get(name);
    }

    /** The payload stays an object when none of its fields is one the rules read. */
    @Override
    public boolean includeEmptyObject(boolean contentsFiltered) {
      return root;
    }

    /** An array where the rules expect an object is of no use to them, as is a scalar. */
    @Override
    public TokenFilter filterStartArray() {
      return null;
    }

    @Override
    protected boolean _includeScalar() {
      return false;
    }
  }

  /** Keeps an array, each element with the one filter; anything else where it is expected, not. */
  private static final class Elements extends TokenFilter {

    private final TokenFilter element;

    private Elements(TokenFilter element) {
      this.element = element;
    }

    @Override
    public TokenFilter filterStartArray() {
      return this;
    }

    @Override
    public TokenFilter includeElement(int index) {
      return element;
    }

    @Override
    public TokenFilter filterStartObject() {
      return null;
    }

    @Override
    protected boolean _includeScalar() {
      return false;
    }
  }
}
