package dev.lantern.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The job queue.
 *
 * @param slotsPerDevice worker threads (jobs running at once) per device
 * @param maxQueued how many jobs may wait in the queue; past it {@code POST /api/v1/jobs}
 * answers 429 with {@code Retry-After}
 * @param retryAfter the {@code Retry-After} sent with that 429
 * @param pollInterval how often an idle worker looks for queued jobs in the database
 * (jobs submitted to this replica wake it at once)
 * @param lease how long a claim on a running job lasts without renewal; when a replica
 * dies its jobs are recovered once their lease has expired
 * @param heartbeat how often running jobs' leases are renewed, cancellations from other
 * replicas are picked up and expired leases are recovered; well below {@code lease}
 * @param onLeaseExpiry what happens to a job whose lease expired: {@code requeue} runs it
 * again (up to {@code max-attempts} starts), {@code fail} marks it failed
 * @param maxAttempts how many times a job may be started before an expired lease fails it
 * @param progressInterval the least time between two progress writes of a running job
 * (epoch ends and status changes are always written)
 * @param shutdownGrace on shutdown, how long running jobs may go on before they are
 * stopped and put back in the queue for another replica
 * @param eventsPollInterval how often an event stream ({@code /events}) checks its job
 * for changes
 * @param eventsTimeout how long an event stream stays open at most
 * @param retention how long finished jobs are kept; older ones are deleted (checked
 * hourly)
 * @param trimNativeMemory whether the C library's free memory is returned to the system
 * when a job that trains ends (succeeded, failed or cancelled); glibc only
 */
@ConfigurationProperties("lantern.jobs")
@Validated
public record JobProperties(@Min(1) @Max(64) int slotsPerDevice, @Min(1) int maxQueued, @NotNull Duration retryAfter,
		@NotNull Duration pollInterval, @NotNull Duration lease, @NotNull Duration heartbeat,
		@NotNull OnLeaseExpiry onLeaseExpiry, @Min(1) int maxAttempts, @NotNull Duration progressInterval,
		@NotNull Duration shutdownGrace, @NotNull Duration eventsPollInterval, @NotNull Duration eventsTimeout,
		@NotNull Duration retention, @DefaultValue("true") boolean trimNativeMemory) {

	public JobProperties {
		if (lease != null && heartbeat != null && heartbeat.compareTo(lease) >= 0) {
			throw new IllegalArgumentException("lantern.jobs.heartbeat (" + heartbeat
					+ ") must be shorter than lantern.jobs.lease (" + lease + ")");
		}
	}

	/** What happens to a running job whose lease expired. */
	public enum OnLeaseExpiry {

		/** Put it back in the queue, unless it was started {@code max-attempts} times. */
		REQUEUE,

		/** Mark it failed. */
		FAIL

	}

}
