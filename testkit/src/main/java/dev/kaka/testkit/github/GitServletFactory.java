package dev.kaka.testkit.github;

import java.nio.file.Path;
import java.util.function.BiPredicate;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/** Serves the bare repositories over git's smart HTTP protocol, for fetch and for push. */
final class GitServletFactory {

  private GitServletFactory() {}

  /**
   * @param mayPush whether the bot may push to a repository, by owner and name; when it may not, a
   *     push is answered 403 as GitHub answers a token that may only read
   */
  static GitServlet create(BareRepositories repositories, BiPredicate<String, String> mayPush) {
    GitServlet servlet = new GitServlet();
    // An unknown name makes the resolver throw RepositoryNotFoundException, which GitServlet
    // answers with 404.
    servlet.setRepositoryResolver((request, urlName) -> repositories.openByUrlName(urlName));
    // JGit's default factory refuses pushes from requests without a servlet-level user;
    // GitAuthFilter has
    // already checked the token, so what decides a push is the bot's permission on the repository.
    servlet.setReceivePackFactory(
        (request, repository) -> {
          // root/owner/name.git, see BareRepositories
          Path directory = repository.getDirectory().toPath();
          String owner = directory.getParent().getFileName().toString();
          String name = directory.getFileName().toString().replaceFirst("\\.git$", "");
          if (!mayPush.test(owner, name)) {
            // GitServlet answers 403, which JGit reports as "git-receive-pack not permitted"
            throw new ServiceNotEnabledException();
          }
          return new ReceivePack(repository);
        });
    return servlet;
  }
}
