package dev.kaka.support.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/** The template that writes records to retry and dead-letter topics. */
public final class DeadLetterTemplates {

  private DeadLetterTemplates() {}

  /** Unreadable records keep their original bytes; readable ones are written back as JSON. */
  public static KafkaTemplate<Object, Object> create(KafkaProperties kafka) {
    Map<String, Object> config = kafka.buildProducerProperties();
    // the consumers read the type from the body; configured here, as setters and properties
    // may not be mixed on the serializer
    config.put(JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS, false);
    return new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(
            config, bytesOr(new StringSerializer()), bytesOr(new JacksonJsonSerializer<>())));
  }

  private static DelegatingByTypeSerializer bytesOr(Serializer<?> serializer) {
    // ordered: a byte[] is an Object too, so its own serializer must be asked first
    Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
    byType.put(byte[].class, new ByteArraySerializer());
    byType.put(Object.class, serializer);
    return new DelegatingByTypeSerializer(byType, true);
  }
}
