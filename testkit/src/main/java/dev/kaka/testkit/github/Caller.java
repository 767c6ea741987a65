package dev.kaka.testkit.github;

import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;

/** Who a request comes from, once its credentials were accepted. */
sealed interface Caller extends Authentication {

  /** The login that changes made by this caller are attributed to. */
  String login();

  /** The holder of the fake's personal token: may do anything except act as an App. */
  record User(String login) implements Caller {

    @Override
    public Credential credential() {
      return new Credential.PersonalToken();
    }
  }

  /** An App, by its JWT: may only use the App endpoints. */
  record App(FakeGitHubApp app) implements Caller {

    @Override
    public String login() {
      return app.botLogin();
    }

    @Override
    public Credential credential() {
      return new Credential.AppJwt(app.id());
    }
  }

  /**
   * An App's installation, by an installation token: limited to the token's repositories and
   * permissions, and acting as the App's bot user.
   */
  record Installation(FakeGitHubApp app, String account, IssuedToken token) implements Caller {

    @Override
    public String login() {
      return app.botLogin();
    }

    @Override
    public Credential credential() {
      return new Credential.InstallationToken(token.installationId(), token.token());
    }

    boolean covers(String owner, String name) {
      return owner.equals(account)
          && (token.repositories().isEmpty() || token.repositories().contains(name));
    }

    boolean has(Permission permission) {
      return permission.isGrantedBy(token.permissions());
    }
  }
}
