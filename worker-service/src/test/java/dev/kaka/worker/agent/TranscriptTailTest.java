package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranscriptTailTest {

  @Test
  void keepsTheLastLinesAndCutsLongOnes() {
    TranscriptTail tail = new TranscriptTail(2, 5, 1000);

    tail.add("one");
    tail.add("two");
    tail.add("three and more");

    assertThat(tail.lines()).containsExactly("two", "three…[cut]");
    assertThat(tail.last()).contains("three…[cut]");
  }

  @Test
  void keepsTheTailWithinTheTotalSizeAndCountsWhatItDropped() {
    TranscriptTail tail = new TranscriptTail(100, 100, 10);

    tail.add("aaaa");
    tail.add("bbbb");
    tail.add("cccc");
    tail.add("dd");

    assertThat(tail.transcript().lines()).containsExactly("bbbb", "cccc", "dd");
    assertThat(tail.transcript().linesDropped()).isEqualTo(1);
  }

  @Test
  void keepsTheNewestLineEvenWhenItAloneIsOverTheTotalSize() {
    TranscriptTail tail = new TranscriptTail(100, 100, 10);

    tail.add("short");
    tail.add("a line longer than ten");

    assertThat(tail.transcript().lines()).containsExactly("a line longer than ten");
    assertThat(tail.transcript().linesDropped()).isEqualTo(1);
  }

  @Test
  void anEmptyTailHasNoLastLine() {
    assertThat(new TranscriptTail(2, 5, 1000).last()).isEmpty();
  }
}
