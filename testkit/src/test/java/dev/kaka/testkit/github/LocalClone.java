package dev.kaka.testkit.github;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** A working copy cloned from the fake over HTTP, for the few git steps the tests need. */
final class LocalClone implements AutoCloseable {

  private static final PersonIdent AUTHOR = new PersonIdent("Test Author", "author@example.com");

  private final Git git;
  private final CredentialsProvider credentials;

  private LocalClone(Git git, CredentialsProvider credentials) {
    this.git = git;
    this.credentials = credentials;
  }

  static CredentialsProvider tokenCredentials(String token) {
    return new UsernamePasswordCredentialsProvider("x-access-token", token);
  }

  static LocalClone of(String cloneUrl, Path directory, String token) throws GitAPIException {
    CredentialsProvider credentials = tokenCredentials(token);
    Git git =
        Git.cloneRepository()
            .setURI(cloneUrl)
            .setDirectory(directory.toFile())
            .setCredentialsProvider(credentials)
            .call();
    return new LocalClone(git, credentials);
  }

  Git git() {
    return git;
  }

  String read(String path) throws IOException {
    return Files.readString(git.getRepository().getWorkTree().toPath().resolve(path));
  }

  void checkoutNewBranch(String branch) throws GitAPIException {
    git.checkout().setCreateBranch(true).setName(branch).call();
  }

  RevCommit commit(String path, String content, String message)
      throws IOException, GitAPIException {
    Path file = git.getRepository().getWorkTree().toPath().resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    git.add().addFilepattern(path).call();
    return git.commit().setAuthor(AUTHOR).setCommitter(AUTHOR).setMessage(message).call();
  }

  void push(String branch) throws GitAPIException {
    git.push().setRemote("origin").add(branch).setCredentialsProvider(credentials).call();
  }

  @Override
  public void close() {
    git.close();
  }
}
