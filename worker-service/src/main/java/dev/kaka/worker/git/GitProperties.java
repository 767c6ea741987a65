package dev.kaka.worker.git;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.lib.PersonIdent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the worker keeps repositories and how it names and signs its work. The credentials are not
 * here: they are secrets with their own source ({@code kaka.github.*}, shared by every service).
 *
 * @param cacheDir bare mirrors, one per repository, kept between tasks; defaults to {@code
 *     ${java.io.tmpdir}/kaka/repo-cache}: writable on any host and in any container, outside any
 *     source tree, and shared by worker processes on one host (they coordinate through file locks),
 *     whereas a relative path would depend on the directory the worker was started from. A cache
 *     may vanish at any time; set a dedicated volume in production to keep it across restarts
 * @param workspaceDir one working copy per running task, deleted when the task ends; defaults to
 *     {@code ${java.io.tmpdir}/kaka/workspaces}
 * @param branchPrefix what every pushed branch name starts with
 * @param networkTimeout how long a clone, fetch or push may wait for the remote to send data
 * @param author who commits the agent's changes; unset, Kaka ({@code Kaka
 *     <kaka@users.noreply.github.com>}) with a token, the App's bot user as a GitHub App
 * @param idleWorkspaces how many working trees of finished tasks the worker keeps, so that a later
 *     task on the same repository resets one instead of writing every file; 0 deletes each
 *     workspace when its task ends
 * @param remoteUrl where a repository is cloned from, fetched from and pushed to, as a template
 *     with {@code {owner}} and {@code {name}} in its path; unset, the repository on the server of
 *     {@code kaka.github.api-url}: {@code https://github.com/{owner}/{name}.git}, or {@code
 *     https://HOST/{owner}/{name}.git} for a GitHub Enterprise Server. The worker builds the URL
 *     from the task's owner and name and never takes one from the webhook payload or the workspace,
 *     so a forged payload or an agent cannot send the token elsewhere. Must be http(s), the only
 *     transport the token is sent over, and carry no credentials
 * @param mirrorHistory how much history a mirror keeps: {@code full} (the first task on a
 *     repository starts from a shallow fetch of the commit it needs, and the whole history is then
 *     fetched in the background for later tasks), or {@code shallow} (the mirror never holds more
 *     than the last commits of the branches fetched, for repositories whose history is too large to
 *     keep)
 */
@Validated
@ConfigurationProperties(prefix = "kaka.git")
public record GitProperties(
    Path cacheDir,
    Path workspaceDir,
    @DefaultValue(BranchNames.DEFAULT_PREFIX) @NotNull String branchPrefix,
    @DefaultValue("2m") @NotNull Duration networkTimeout,
    @DefaultValue @Valid Author author,
    @DefaultValue("4") @PositiveOrZero int idleWorkspaces,
    String remoteUrl,
    @DefaultValue("full") @NotNull MirrorHistory mirrorHistory) {

  public GitProperties {
    // @DefaultValue does not resolve ${java.io.tmpdir}, so the temporary-directory defaults live
    // here.
    cacheDir = cacheDir != null ? cacheDir : temporaryDirectory("repo-cache");
    workspaceDir = workspaceDir != null ? workspaceDir : temporaryDirectory("workspaces");
    author = author != null ? author : new Author(null, null);
    if (branchPrefix != null) {
      BranchNames.requireValidPrefix(branchPrefix);
    }
    if (remoteUrl != null) {
      RemoteUrlTemplate.requireValid(remoteUrl);
    }
  }

  /** These properties, with {@code template} as the remote URL unless one is set. */
  GitProperties withRemoteUrlOr(String template) {
    return remoteUrl != null
        ? this
        : new GitProperties(
            cacheDir,
            workspaceDir,
            branchPrefix,
            networkTimeout,
            author,
            idleWorkspaces,
            template,
            mirrorHistory);
  }

  /** The URL of the repository {@code owner/name}; both must be valid GitHub names. */
  String remoteUrlOf(String owner, String name) {
    return RemoteUrlTemplate.expand(remoteUrl, owner, name);
  }

  /** How much of a repository's history its mirror keeps ({@code kaka.git.mirror-history}). */
  public enum MirrorHistory {
    /** Shallow for the first task, then filled in the background. */
    FULL,
    /** Never deepened. */
    SHALLOW
  }

  /**
   * The identity on the worker's commits, or the part of it that is configured; GitHub's noreply
   * address keeps a real mailbox out of history.
   *
   * @param name the name, or null (also when blank) to leave it to the worker
   * @param email the address, or null (also when blank) to leave it to the worker
   */
  public record Author(String name, @Email String email) {

    /** Kaka's own identity, which commits with a token carry unless another is configured. */
    public static final Author KAKA = new Author("Kaka", "kaka@users.noreply.github.com");

    public Author {
      name = name == null || name.isBlank() ? null : name.strip();
      email = email == null || email.isBlank() ? null : email.strip();
    }

    /** Whether both name and address are configured, so that no default is needed. */
    public boolean complete() {
      return name != null && email != null;
    }

    /** This identity, with what it leaves unset taken from {@code defaults}. */
    public Author orElse(Author defaults) {
      return new Author(
          name != null ? name : defaults.name(), email != null ? email : defaults.email());
    }

    /** A fresh identity: it carries the current time, so make one per commit. */
    public PersonIdent toPersonIdent() {
      return new PersonIdent(name, email);
    }
  }

  private static Path temporaryDirectory(String name) {
    return Path.of(System.getProperty("java.io.tmpdir"), "kaka", name);
  }
}
