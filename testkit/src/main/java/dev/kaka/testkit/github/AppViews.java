package dev.kaka.testkit.github;

import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Renders Apps, their installations and installation tokens in the shapes of GitHub's REST API. */
final class AppViews {

  private final Urls urls;
  private final JsonViews views;

  AppViews(Urls urls, JsonViews views) {
    this.urls = urls;
    this.views = views;
  }

  ObjectNode app(FakeGitHubApp app, int installationCount) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", app.id());
    json.put("slug", app.slug());
    json.put("node_id", "A_" + app.id());
    json.put("name", app.slug());
    // Registration names no owner; the fake says the App belongs to a user named like it.
    json.set("owner", views.user(app.slug()));
    json.put("description", "");
    json.put("external_url", urls.htmlApp(app.slug()));
    json.put("html_url", urls.htmlApp(app.slug()));
    json.set("permissions", permissions(app.permissions()));
    json.set("events", events());
    json.put("installations_count", installationCount);
    return json;
  }

  ObjectNode installation(FakeGitHubApp app, InstallationRecord installation) {
    ObjectNode account = views.user(installation.account());
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", installation.id());
    json.set("account", account);
    json.put("repository_selection", "all");
    json.put("access_tokens_url", urls.apiInstallation(installation.id()) + "/access_tokens");
    json.put("repositories_url", urls.apiInstallationRepositories());
    json.put("html_url", urls.htmlInstallation(installation.id()));
    json.put("app_id", app.id());
    json.put("app_slug", app.slug());
    json.set("target_id", account.get("id"));
    json.set("target_type", account.get("type"));
    json.set("permissions", permissions(app.permissions()));
    json.set("events", events());
    json.put("created_at", JsonViews.timestamp(installation.createdAt()));
    json.put("updated_at", JsonViews.timestamp(installation.createdAt()));
    json.putNull("single_file_name");
    json.putNull("suspended_at");
    json.putNull("suspended_by");
    return json;
  }

  /**
   * @param repositories what the token was restricted to; GitHub lists them only then
   */
  ObjectNode accessToken(IssuedToken token, List<RepoRecord> repositories) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("token", token.token());
    json.put("expires_at", JsonViews.timestamp(token.expiresAt()));
    json.set("permissions", permissions(token.permissions()));
    if (repositories.isEmpty()) {
      json.put("repository_selection", "all");
    } else {
      json.put("repository_selection", "selected");
      ArrayNode list = json.putArray("repositories");
      repositories.forEach(repo -> list.add(views.repository(repo)));
    }
    return json;
  }

  private static ObjectNode permissions(Map<String, String> permissions) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    permissions.forEach(json::put);
    return json;
  }

  /** The fake sends no webhooks of its own accord, so an App subscribes to no events. */
  private static ArrayNode events() {
    return JsonNodeFactory.instance.arrayNode();
  }
}
