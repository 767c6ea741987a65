package dev.kaka.ingress.webhook;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the repository a not yet verified delivery names, to pick the secrets that may have signed
 * it. Only needed when some repositories have secrets of their own: the name must be read before
 * the signature is checked, as Prow's hook does.
 *
 * <p>The trade-off: unauthenticated bytes reach a JSON tokenizer. It is a streaming read that
 * builds nothing, stops at the answer, and is bounded by the body limit and Jackson's read
 * constraints (nesting depth, string and number lengths). The name it returns is a claim, not a
 * fact: the handler checks after parsing that the repository the task is for falls under the scope
 * whose secret signed the delivery.
 */
final class RepositoryPeek {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RepositoryPeek() {}

  /**
   * {@code repository.full_name}, else {@code organization.login} (deliveries about an organisation
   * name no repository), else null, also when the body is not a JSON object.
   */
  static String repositoryOf(byte[] body) {
    String organization = null;
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_OBJECT && name.equals("repository")) {
          String fullName = stringProperty(parser, "full_name");
          if (fullName != null) {
            return fullName;
          }
        } else if (value == JsonToken.START_OBJECT && name.equals("organization")) {
          organization = organization != null ? organization : stringProperty(parser, "login");
        } else {
          parser.skipChildren();
        }
      }
      return organization;
    } catch (JacksonException malformed) {
      return organization;
    }
  }

  /** Reads the object the parser is at to its end; the value of its string property, or null. */
  private static String stringProperty(JsonParser parser, String property) {
    String found = null;
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (found == null && value == JsonToken.VALUE_STRING && name.equals(property)) {
        found = parser.getString();
      } else {
        parser.skipChildren();
      }
    }
    return found;
  }
}
