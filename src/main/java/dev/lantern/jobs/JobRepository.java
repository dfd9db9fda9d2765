package dev.lantern.jobs;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.lantern.jobs.JobRows.COLUMNS;
import static dev.lantern.jobs.JobRows.at;

/**
 * The {@code jobs} table as the API sees it: submitting, reading, listing, cancelling and
 * deleting jobs. Every change increments {@code version}, which orders the events of a
 * job. What workers write is in {@link RunningJobRepository}.
 */
@Repository
class JobRepository {

	private final JdbcClient jdbc;

	JobRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ?").param(id).query(JobRows::job).optional();
	}

	/** The stored specs of the queued and running jobs of a type, by job id. */
	Map<UUID, String> unfinishedSpecs(String type) {
		Map<UUID, String> specs = new java.util.LinkedHashMap<>();
		this.jdbc.sql("SELECT id, spec FROM jobs WHERE type = ? AND status IN ('QUEUED', 'RUNNING') ORDER BY seq")
			.param(type)
			.query((rs) -> {
				specs.put(rs.getObject("id", UUID.class), rs.getString("spec"));
			});
		return specs;
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
			.query(JobRows::job)
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

	/** Deletes jobs that ended before the given time; returns how many. */
	int deleteFinishedBefore(Instant cutoff) {
		return this.jdbc
			.sql("DELETE FROM jobs WHERE finished_at < ? AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')")
			.param(at(cutoff))
			.update();
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

}
