package dev.kaka.notifier.janitor;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A lease in the {@value #COLLECTION} collection: which replica holds it, and until when.
 *
 * @param id what the lease is for
 * @param holder the replica holding it
 * @param expiresAt when it is free for another replica, unless its holder renews it first
 */
@Document(Lease.COLLECTION)
record Lease(@Id String id, String holder, Instant expiresAt) {

  static final String COLLECTION = "locks";
  static final String HOLDER = "holder";
  static final String EXPIRES_AT = "expiresAt";
}
