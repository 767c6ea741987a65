package dev.kaka.worker.session;

import dev.kaka.common.Topics;
import dev.kaka.common.event.AgentSessionKept;
import dev.kaka.common.event.TaskEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps sessions on the compacted topic {@value Topics#AGENT_SESSIONS}, keyed by branch, and finds
 * a branch's newest by reading the one partition its key goes to, up to that partition's end at the
 * time of asking. A session is durable before its task's outcome is published, so a follow-up that
 * this outcome made possible finds it, whichever worker kept it and whichever asks.
 *
 * <p>Each worker remembers, per partition, how far it has read and the offset of every key's newest
 * record, so it reads each record once (only its key) and fetches the one session it needs; no
 * worker reads sessions it never needs, and none has to follow the topic all the time. Compaction
 * removes only records that a newer one of the same key replaced, which this reading has seen.
 */
public final class KafkaSessionStore implements SessionStore, AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration POLL = Duration.ofMillis(200);

  private final Producer<String, byte[]> producer;
  private final Consumer<String, byte[]> consumer;
  private final Duration timeout;
  private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
  private final Map<String, Long> newestOffsets = new HashMap<>();

  /**
   * @param consumer a consumer in no group, used by this store alone
   */
  public KafkaSessionStore(
      Producer<String, byte[]> producer, Consumer<String, byte[]> consumer, Duration timeout) {
    this.producer = producer;
    this.consumer = consumer;
    this.timeout = timeout;
  }

  @Override
  public void keep(AgentSessionKept session) {
    try {
      byte[] value = JSON.writeValueAsBytes(session);
      producer
          .send(
              new ProducerRecord<>(
                  Topics.AGENT_SESSIONS, partitionOf(session.key()), session.key(), value))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SessionStoreException("interrupted while keeping the session", e);
    } catch (ExecutionException | TimeoutException | KafkaException | JacksonException e) {
      throw new SessionStoreException(
          "the session could not be kept: " + (e.getCause() != null ? e.getCause() : e), e);
    }
  }

  @Override
  public synchronized Optional<AgentSessionKept> newest(String key) {
    try {
      TopicPartition partition = new TopicPartition(Topics.AGENT_SESSIONS, partitionOf(key));
      consumer.assign(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] found = readOn(partition, end, key, deadline);
      if (found == null && newestOffsets.containsKey(key)) {
        found = fetch(partition, newestOffsets.get(key), end, key, deadline);
      }
      return found == null ? Optional.empty() : Optional.of(parse(found));
    } catch (KafkaException | JacksonException e) {
      throw new SessionStoreException("the sessions could not be read: " + e, e);
    }
  }

  /**
   * Reads {@code partition} on from where this store left it up to {@code end}, remembering each
   * key's newest offset.
   *
   * @return the newest value of {@code key} among the records read; null when none was
   */
  private byte[] readOn(TopicPartition partition, long end, String key, long deadline) {
    Long from = readUpTo.get(partition);
    if (from == null) {
      consumer.seekToBeginning(List.of(partition));
    } else {
      consumer.seek(partition, from);
    }
    byte[] value = null;
    while (consumer.position(partition, timeout) < end) {
      for (ConsumerRecord<String, byte[]> record : poll(partition, deadline)) {
        if (record.key() != null) {
          newestOffsets.put(record.key(), record.offset());
          if (record.key().equals(key)) {
            value = record.value();
          }
        }
      }
    }
    readUpTo.put(partition, consumer.position(partition, timeout));
    return value;
  }

  /**
   * The first record of {@code key} from {@code offset} on: its newest, as far as was read; null
   * when compaction took it since, for a newer one that came after {@code end}.
   */
  private byte[] fetch(TopicPartition partition, long offset, long end, String key, long deadline) {
    consumer.seek(partition, offset);
    while (consumer.position(partition, timeout) < end) {
      for (ConsumerRecord<String, byte[]> record : poll(partition, deadline)) {
        if (key.equals(record.key())) {
          return record.value();
        }
      }
    }
    return null;
  }

  private Iterable<ConsumerRecord<String, byte[]>> poll(TopicPartition partition, long deadline) {
    if (System.nanoTime() > deadline) {
      throw new KafkaException("reading " + partition + " took longer than " + timeout);
    }
    return consumer.poll(POLL).records(partition);
  }

  private static AgentSessionKept parse(byte[] value) {
    AgentSessionKept session = JSON.readValue(value, AgentSessionKept.class);
    if (session.schemaVersion() > TaskEvent.SCHEMA_VERSION) {
      throw new SessionStoreException(
          "the session was kept by a newer Kaka (schema version " + session.schemaVersion() + ")",
          null);
    }
    return session;
  }

  private int partitionOf(String key) {
    int partitions = producer.partitionsFor(Topics.AGENT_SESSIONS).size();
    return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
  }

  @Override
  public void close() {
    producer.close(timeout);
    consumer.close(timeout);
  }
}
