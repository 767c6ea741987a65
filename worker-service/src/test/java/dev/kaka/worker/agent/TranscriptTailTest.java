package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranscriptTailTest {

  @Test
  void keepsTheLastLinesAndCutsLongOnes() {
    TranscriptTail tail = new TranscriptTail(2, 5);

    tail.add("one");
    tail.add("two");
    tail.add("three and more");

    assertThat(tail.lines()).containsExactly("two", "three…[cut]");
    assertThat(tail.last()).contains("three…[cut]");
  }

  @Test
  void anEmptyTailHasNoLastLine() {
    assertThat(new TranscriptTail(2, 5).last()).isEmpty();
  }
}
