package dev.lantern.jobs;

import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.lantern.jobs.JobRows.COLUMNS;
import static dev.lantern.jobs.JobRows.at;

/**
 * The {@code jobs} table as workers and leases see it: claiming, progress, ends, lease
 * renewal and recovery. Every write to a running job is fenced by its owner and attempt,
 * so a replica that lost its lease can no longer write to the job.
 */
@Repository
class RunningJobRepository {

	private static final String FENCE = " WHERE id = :id AND status = 'RUNNING' AND owner = :owner AND attempt = :attempt";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final JobRepository jobs;

	RunningJobRepository(JdbcClient jdbc, TransactionTemplate transactions, JobRepository jobs) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.jobs = jobs;
	}

	/**
	 * Claims the next queued job of one of the given types for this owner: the row is
	 * locked with {@code FOR UPDATE SKIP LOCKED} so concurrent claims from other replicas
	 * pass over it, and the update only succeeds while the job is still queued.
	 */
	Optional<Job> claim(Collection<String> types, String owner, String device, Instant now, Instant leaseUntil) {
		if (types.isEmpty()) {
			return Optional.empty();
		}
		return this.transactions.execute((status) -> {
			Optional<UUID> next = this.jdbc
				.sql("SELECT id FROM jobs WHERE status = 'QUEUED' AND type IN (:types) "
						+ "ORDER BY priority DESC, seq LIMIT 1 FOR UPDATE SKIP LOCKED")
				.param("types", types)
				.query((rs, row) -> rs.getObject("id", UUID.class))
				.optional();
			if (next.isEmpty()) {
				return Optional.empty();
			}
			int claimed = this.jdbc
				.sql("UPDATE jobs SET status = 'RUNNING', owner = :owner, device = :device, attempt = attempt + 1, "
						+ "lease_until = :lease, cancel_requested = FALSE, started_at = :now, updated_at = :now, "
						+ "epoch = NULL, total_epochs = NULL, step = NULL, total_steps = NULL, eta_millis = NULL, "
						+ "history = NULL, error = NULL, version = version + 1 WHERE id = :id AND status = 'QUEUED'")
				.param("owner", owner)
				.param("device", device)
				.param("lease", at(leaseUntil))
				.param("now", at(now))
				.param("id", next.get())
				.update();
			return (claimed == 1) ? this.jobs.find(next.get()) : Optional.<Job>empty();
		});
	}

	/**
	 * Writes a running job's progress and renews its lease, in one statement while the
	 * job is held and not asked to stop; otherwise says which of the two it is.
	 */
	ProgressWrite progress(Job job, Integer epoch, Integer totalEpochs, Long step, Long totalSteps, Long etaMillis,
			String history, Instant now, Instant leaseUntil) {
		int written = this.jdbc.sql(
				"UPDATE jobs SET epoch = :epoch, total_epochs = :totalEpochs, step = :step, total_steps = :totalSteps, "
						+ "eta_millis = :eta, history = :history, lease_until = :lease, updated_at = :now, "
						+ "version = version + 1" + FENCE + " AND cancel_requested = FALSE")
			.param("epoch", epoch, Types.INTEGER)
			.param("totalEpochs", totalEpochs, Types.INTEGER)
			.param("step", step, Types.BIGINT)
			.param("totalSteps", totalSteps, Types.BIGINT)
			.param("eta", etaMillis, Types.BIGINT)
			.param("history", history, Types.VARCHAR)
			.param("lease", at(leaseUntil))
			.param("now", at(now))
			.params(fence(job))
			.update();
		if (written == 1) {
			return ProgressWrite.WRITTEN;
		}
		boolean cancelled = this.jdbc.sql("SELECT COUNT(*) FROM jobs" + FENCE + " AND cancel_requested = TRUE")
			.params(fence(job))
			.query(Integer.class)
			.single() == 1;
		return cancelled ? ProgressWrite.CANCEL_REQUESTED : ProgressWrite.LOST;
	}

	/** What became of a progress write. */
	enum ProgressWrite {

		/** Written, and the lease renewed. */
		WRITTEN,

		/** Not written: the job was asked to stop. */
		CANCEL_REQUESTED,

		/** Not written: another replica took the job over, or it ended. */
		LOST

	}

	/** Ends a running job; false if this owner had lost it. */
	boolean finish(Job job, JobStatus status, String error, String result, Instant now) {
		return this.jdbc
			.sql("UPDATE jobs SET status = :status, error = :error, result = :result, finished_at = :now, "
					+ "updated_at = :now, lease_until = NULL, eta_millis = NULL, version = version + 1" + FENCE)
			.param("status", status.name())
			.param("error", error, Types.VARCHAR)
			.param("result", result, Types.VARCHAR)
			.param("now", at(now))
			.params(fence(job))
			.update() == 1;
	}

	/**
	 * Puts a running job back in the queue, as a graceful shutdown does; the interrupted
	 * start does not count as an attempt.
	 */
	boolean requeue(Job job, Instant now) {
		return this.jdbc
			.sql("UPDATE jobs SET status = 'QUEUED', owner = NULL, device = NULL, lease_until = NULL, "
					+ "attempt = attempt - 1, eta_millis = NULL, updated_at = :now, version = version + 1" + FENCE)
			.param("now", at(now))
			.params(fence(job))
			.update() == 1;
	}

	/** Renews the leases of this owner's running jobs. */
	int renewLeases(String owner, Collection<UUID> ids, Instant leaseUntil) {
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc
			.sql("UPDATE jobs SET lease_until = :lease WHERE owner = :owner AND status = 'RUNNING' AND id IN (:ids)")
			.param("lease", at(leaseUntil))
			.param("owner", owner)
			.param("ids", ids)
			.update();
	}

	/** Which of the given running jobs have been asked to stop. */
	List<UUID> cancellationsAmong(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("SELECT id FROM jobs WHERE cancel_requested = TRUE AND status = 'RUNNING' AND id IN (:ids)")
			.param("ids", ids)
			.query((rs, row) -> rs.getObject("id", UUID.class))
			.list();
	}

	/** Running jobs whose lease expired. */
	List<Job> expired(Instant now) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = 'RUNNING' AND lease_until < :now")
			.param("now", at(now))
			.query(JobRows::job)
			.list();
	}

	/** Running jobs of one owner, whatever their lease. */
	List<Job> runningOf(String owner) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = 'RUNNING' AND owner = ?")
			.param(owner)
			.query(JobRows::job)
			.list();
	}

	/** Running jobs of owners other than the given one. */
	List<Job> runningOfOthers(String owner) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = 'RUNNING' AND owner <> ?")
			.param(owner)
			.query(JobRows::job)
			.list();
	}

	/**
	 * Recovers a running job its owner lost: requeued, or failed with the reason.
	 * Conditional on the job still being held by that owner and attempt.
	 */
	boolean recover(Job job, boolean requeue, String reason, Instant now) {
		String set = requeue
				? "status = 'QUEUED', owner = NULL, device = NULL, lease_until = NULL, eta_millis = NULL, error = :reason"
				: "status = 'FAILED', lease_until = NULL, eta_millis = NULL, finished_at = :now, error = :reason";
		return this.jdbc.sql("UPDATE jobs SET " + set + ", updated_at = :now, version = version + 1" + FENCE)
			.param("reason", reason)
			.param("now", at(now))
			.params(fence(job))
			.update() == 1;
	}

	private static Map<String, Object> fence(Job job) {
		Map<String, Object> fence = new HashMap<>();
		fence.put("id", job.id());
		fence.put("owner", job.owner());
		fence.put("attempt", job.attempt());
		return fence;
	}

}
