package dev.lantern.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code jobs} table. Every change of a running job is fenced by its owner and
 * attempt, so a replica that lost its lease can no longer write to the job; every change
 * increments {@code version}, which orders the events of a job.
 */
@Repository
class JobRepository {

	private static final String COLUMNS = "id, seq, type, spec, priority, status, owner, device, attempt, lease_until, "
			+ "cancel_requested, epoch, total_epochs, step, total_steps, eta_millis, history, error, result, "
			+ "created_at, started_at, finished_at, updated_at, version";

	private static final String FENCE = " WHERE id = :id AND status = 'RUNNING' AND owner = :owner AND attempt = :attempt";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	JobRepository(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	void insert(UUID id, String type, String spec, int priority, Instant now) {
		this.jdbc
			.sql("INSERT INTO jobs (id, type, spec, priority, status, created_at, updated_at) "
					+ "VALUES (:id, :type, :spec, :priority, 'QUEUED', :now, :now)")
			.param("id", id)
			.param("type", type)
			.param("spec", spec)
			.param("priority", priority)
			.param("now", at(now))
			.update();
	}

	Optional<Job> find(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")
			.param(id)
			.query(JobRepository::job)
			.optional();
	}

	long countQueued() {
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs WHERE status = 'QUEUED'").query(Long.class).single();
	}

	long count(JobStatus status, String type) {
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs" + filter(status, type))
			.params(filterParams(status, type))
			.query(Long.class)
			.single();
	}

	/** A page of jobs, newest first. */
	List<Job> list(JobStatus status, String type, int page, int size) {
		Map<String, Object> params = filterParams(status, type);
		params.put("limit", size);
		params.put("offset", (long) page * size);
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM jobs" + filter(status, type)
					+ " ORDER BY created_at DESC, seq DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query(JobRepository::job)
			.list();
	}

	/** The place in the queue of every queued job, 1 for the next to run. */
	Map<UUID, Integer> queuePositions() {
		Map<UUID, Integer> positions = new HashMap<>();
		this.jdbc.sql(
				"SELECT id, ROW_NUMBER() OVER (ORDER BY priority DESC, seq) AS position FROM jobs WHERE status = 'QUEUED'")
			.query((rs) -> {
				positions.put(rs.getObject("id", UUID.class), rs.getInt("position"));
			});
		return positions;
	}

	/** The place in the queue of one job, or null if it is not queued. */
	Integer queuePosition(Job job) {
		if (job.status() != JobStatus.QUEUED) {
			return null;
		}
		return this.jdbc
			.sql("SELECT COUNT(*) FROM jobs WHERE status = 'QUEUED' AND (priority > :priority "
					+ "OR (priority = :priority AND seq <= :seq))")
			.param("priority", job.priority())
			.param("seq", job.seq())
			.query(Integer.class)
			.single();
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
			return (claimed == 1) ? find(next.get()) : Optional.<Job>empty();
		});
	}

	/** Writes a running job's progress and renews its lease; false if it was lost. */
	boolean progress(Job job, Integer epoch, Integer totalEpochs, Long step, Long totalSteps, Long etaMillis,
			String history, Instant now, Instant leaseUntil) {
		return this.jdbc.sql(
				"UPDATE jobs SET epoch = :epoch, total_epochs = :totalEpochs, step = :step, total_steps = :totalSteps, "
						+ "eta_millis = :eta, history = :history, lease_until = :lease, updated_at = :now, "
						+ "version = version + 1" + FENCE)
			.param("epoch", epoch, java.sql.Types.INTEGER)
			.param("totalEpochs", totalEpochs, java.sql.Types.INTEGER)
			.param("step", step, java.sql.Types.BIGINT)
			.param("totalSteps", totalSteps, java.sql.Types.BIGINT)
			.param("eta", etaMillis, java.sql.Types.BIGINT)
			.param("history", history, java.sql.Types.VARCHAR)
			.param("lease", at(leaseUntil))
			.param("now", at(now))
			.params(fence(job))
			.update() == 1;
	}

	/** Whether cancellation of a job was requested. */
	boolean cancelRequested(UUID id) {
		return this.jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = ?")
			.param(id)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** Ends a running job; false if this owner had lost it. */
	boolean finish(Job job, JobStatus status, String error, String result, Instant now) {
		return this.jdbc
			.sql("UPDATE jobs SET status = :status, error = :error, result = :result, finished_at = :now, "
					+ "updated_at = :now, lease_until = NULL, eta_millis = NULL, version = version + 1" + FENCE)
			.param("status", status.name())
			.param("error", error, java.sql.Types.VARCHAR)
			.param("result", result, java.sql.Types.VARCHAR)
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

	/** Cancels a job if it is still queued. */
	boolean cancelQueued(UUID id, Instant now) {
		return this.jdbc
			.sql("UPDATE jobs SET status = 'CANCELLED', finished_at = :now, updated_at = :now, "
					+ "version = version + 1 WHERE id = :id AND status = 'QUEUED'")
			.param("id", id)
			.param("now", at(now))
			.update() == 1;
	}

	/** Asks the owner of a running job to stop it. */
	boolean requestCancel(UUID id, Instant now) {
		return this.jdbc
			.sql("UPDATE jobs SET cancel_requested = TRUE, updated_at = :now, version = version + 1 "
					+ "WHERE id = :id AND status = 'RUNNING' AND cancel_requested = FALSE")
			.param("id", id)
			.param("now", at(now))
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
			.query(JobRepository::job)
			.list();
	}

	/** Running jobs of one owner, whatever their lease. */
	List<Job> runningOf(String owner) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = 'RUNNING' AND owner = ?")
			.param(owner)
			.query(JobRepository::job)
			.list();
	}

	/** Running jobs of owners other than the given one. */
	List<Job> runningOfOthers(String owner) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE status = 'RUNNING' AND owner <> ?")
			.param(owner)
			.query(JobRepository::job)
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

	private static String filter(JobStatus status, String type) {
		StringBuilder where = new StringBuilder();
		if (status != null) {
			where.append(" WHERE status = :status");
		}
		if (type != null) {
			where.append((status != null) ? " AND" : " WHERE").append(" type = :type");
		}
		return where.toString();
	}

	private static Map<String, Object> filterParams(JobStatus status, String type) {
		Map<String, Object> params = new HashMap<>();
		if (status != null) {
			params.put("status", status.name());
		}
		if (type != null) {
			params.put("type", type);
		}
		return params;
	}

	private static OffsetDateTime at(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Integer integer(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static Long longValue(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static Job job(ResultSet rs, int row) throws SQLException {
		return new Job(rs.getObject("id", UUID.class), rs.getLong("seq"), rs.getString("type"), rs.getString("spec"),
				rs.getInt("priority"), JobStatus.valueOf(rs.getString("status")), rs.getString("owner"),
				rs.getString("device"), rs.getInt("attempt"), instant(rs, "lease_until"),
				rs.getBoolean("cancel_requested"), integer(rs, "epoch"), integer(rs, "total_epochs"),
				longValue(rs, "step"), longValue(rs, "total_steps"), longValue(rs, "eta_millis"),
				rs.getString("history"), rs.getString("error"), rs.getString("result"), instant(rs, "created_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"), instant(rs, "updated_at"),
				rs.getLong("version"));
	}

}
