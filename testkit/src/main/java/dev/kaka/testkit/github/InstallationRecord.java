package dev.kaka.testkit.github;

import java.time.Instant;

/** An App installed on every repository of {@code account}, a user or an organization. */
record InstallationRecord(long id, String account, Instant createdAt) {}
