package dev.lantern.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as stored in the {@code jobs} table.
 */
record Job(UUID id, long seq, String type, String spec, int priority, JobStatus status, String owner, String device,
		int attempt, Instant leaseUntil, boolean cancelRequested, Integer epoch, Integer totalEpochs, Long step,
		Long totalSteps, Long etaMillis, String history, String error, String result, Instant createdAt,
		Instant startedAt, Instant finishedAt, Instant updatedAt, long version) {

}
