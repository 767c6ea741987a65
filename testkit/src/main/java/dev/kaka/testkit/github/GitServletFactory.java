package dev.kaka.testkit.github;

import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.ReceivePack;

/** Serves the bare repositories over git's smart HTTP protocol, for fetch and for push. */
final class GitServletFactory {

    private GitServletFactory() {
    }

    static GitServlet create(BareRepositories repositories) {
        GitServlet servlet = new GitServlet();
        // An unknown name makes the resolver throw RepositoryNotFoundException, which GitServlet answers with 404.
        servlet.setRepositoryResolver((request, urlName) -> repositories.openByUrlName(urlName));
        // JGit's default factory refuses pushes from requests without a servlet-level user; GitAuthFilter has
        // already checked the token, so every request that gets here may push.
        servlet.setReceivePackFactory((request, repository) -> new ReceivePack(repository));
        return servlet;
    }
}
