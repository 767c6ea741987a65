package dev.kaka.testkit.github;

import java.nio.file.Path;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/** Serves the bare repositories over git's smart HTTP protocol, for fetch and for push. */
final class GitServletFactory {

  /** Whether a caller may push to a repository, by owner and name. */
  @FunctionalInterface
  interface PushPolicy {
    boolean allows(Caller caller, String owner, String name);
  }

  private GitServletFactory() {}

  /**
   * @param mayPush when it says no, a push is answered 403 as GitHub answers a token that may only
   *     read
   */
  static GitServlet create(BareRepositories repositories, PushPolicy mayPush) {
    GitServlet servlet = new GitServlet();
    // An unknown name makes the resolver throw RepositoryNotFoundException, which GitServlet
    // answers with 404.
    servlet.setRepositoryResolver((request, urlName) -> repositories.openByUrlName(urlName));
    // JGit's default factory refuses pushes from requests without a servlet-level user;
    // GitAuthFilter has already checked the credentials and left the caller on the request, so
    // what decides a push is the caller's permission on the repository.
    servlet.setReceivePackFactory(
        (request, repository) -> {
          // root/owner/name.git, see BareRepositories
          Path directory = repository.getDirectory().toPath();
          String owner = directory.getParent().getFileName().toString();
          String name = directory.getFileName().toString().replaceFirst("\\.git$", "");
          Caller caller = (Caller) request.getAttribute(GitAuthFilter.CALLER_ATTRIBUTE);
          if (!mayPush.allows(caller, owner, name)) {
            // GitServlet answers 403, which JGit reports as "git-receive-pack not permitted"
            throw new ServiceNotEnabledException();
          }
          return new ReceivePack(repository);
        });
    return servlet;
  }
}
