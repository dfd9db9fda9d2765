package dev.lantern.jobs;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.system.Instances;

import org.springframework.stereotype.Component;

/**
 * Keeps the claims of this replica's running jobs alive and recovers the jobs of replicas
 * that died. On every heartbeat it renews the leases of the jobs it runs, stops those
 * that another replica asked to cancel, and re-queues (or fails, per
 * {@code lantern.jobs.on-lease-expiry}) running jobs whose lease expired.
 */
@Component
class JobLeases {

	private static final Logger log = LoggerFactory.getLogger(JobLeases.class);

	private final JobRepository jobs;

	private final ActiveJobs active;

	private final JobProperties properties;

	private final Instances instances;

	private final JobMetrics metrics;

	JobLeases(JobRepository jobs, ActiveJobs active, JobProperties properties, Instances instances,
			JobMetrics metrics) {
		this.jobs = jobs;
		this.active = active;
		this.properties = properties;
		this.instances = instances;
		this.metrics = metrics;
	}

	/**
	 * Before this replica takes work: jobs still marked as running by this very instance
	 * id are left over from its previous life (it cannot be running them now), so they
	 * are recovered at once; then expired leases, as on every heartbeat.
	 */
	void recoverAtStartup() {
		Instant now = Instant.now();
		for (Job job : this.jobs.runningOf(this.instances.self())) {
			recover(job, "its replica " + job.owner() + " restarted while it ran", now);
		}
		recoverExpired(now);
	}

	/** One heartbeat: renew, pick up cancellations, recover expired leases. */
	void heartbeat() {
		Instant now = Instant.now();
		Set<UUID> running = this.active.ids();
		this.jobs.renewLeases(this.instances.self(), running, now.plus(this.properties.lease()));
		for (UUID id : this.jobs.cancellationsAmong(running)) {
			this.active.get(id).ifPresent((run) -> run.stop(JobRun.StopReason.CANCELLED));
		}
		recoverExpired(now);
		this.metrics.queued(this.jobs.countQueued());
	}

	private void recoverExpired(Instant now) {
		for (Job job : this.jobs.expired(now)) {
			if (this.instances.self().equals(job.owner()) && this.active.get(job.id()).isPresent()) {
				// Ours and still running: the heartbeat was late, the renewal above fixed
				// it.
				continue;
			}
			recover(job, "its replica " + job.owner() + " stopped renewing its lease", now);
		}
	}

	private void recover(Job job, String why, Instant now) {
		boolean requeue = this.properties.onLeaseExpiry() == JobProperties.OnLeaseExpiry.REQUEUE
				&& job.attempt() < this.properties.maxAttempts();
		String reason = "Attempt " + job.attempt() + " was lost: " + why
				+ (requeue ? "; queued again"
						: (this.properties.onLeaseExpiry() == JobProperties.OnLeaseExpiry.FAIL
								? " (lantern.jobs.on-lease-expiry is fail)"
								: "; it was started " + job.attempt() + " times (lantern.jobs.max-attempts)"));
		if (this.jobs.recover(job, requeue, reason, now)) {
			log.warn("Job {} ({}): {}", job.id(), job.type(), reason);
			this.metrics.recovered(job.type(), requeue);
		}
	}

}
