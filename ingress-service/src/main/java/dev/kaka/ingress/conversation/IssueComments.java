package dev.kaka.ingress.conversation;

import dev.kaka.common.event.RepositoryRef;
import java.util.List;
import reactor.core.publisher.Mono;

/** Where {@link ConversationAttacher} reads an issue's comments: GitHub, in service. */
public interface IssueComments {

  /**
   * The newest comments of issue (or pull request) {@code number}, oldest first; fails when GitHub
   * does not serve them.
   */
  Mono<Listed> of(RepositoryRef repository, int number);

  /**
   * @param comments the newest comments, oldest first
   * @param olderExist whether the issue has older comments than these, not read
   */
  record Listed(List<PostedComment> comments, boolean olderExist) {

    public Listed {
      comments = List.copyOf(comments);
    }
  }
}
