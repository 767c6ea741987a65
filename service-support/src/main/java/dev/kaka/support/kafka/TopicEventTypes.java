package dev.kaka.support.kafka;

import dev.kaka.common.Topics;
import org.apache.kafka.common.header.Headers;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

/**
 * Tells spring-kafka's JSON deserializer to read each record as the event interface of its topic
 * ({@link Topics#eventsOn}), so that a record of another topic's type fails to deserialize, with
 * its type and the interface in the reason, and goes to the dead letters instead of to a listener.
 * Configured with {@code spring.json.value.type.method:
 * dev.kaka.support.kafka.TopicEventTypes.ofTopic}.
 */
public final class TopicEventTypes {

  private static final TypeFactory TYPES = TypeFactory.createDefaultInstance();

  private TopicEventTypes() {}

  /** The signature spring-kafka calls for a value type method. */
  public static JavaType ofTopic(String topic, byte[] data, Headers headers) {
    return TYPES.constructType(Topics.eventsOn(topic));
  }
}
