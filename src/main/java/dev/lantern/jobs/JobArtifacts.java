package dev.lantern.jobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.lantern.jobs.JobRows.at;

/**
 * The {@code job_artifacts} table: files jobs keep, bounded in size and number by
 * {@link JobArtifactProperties}, deleted with their job (retention deletes the job).
 */
@Component
class JobArtifacts {

	/** Letters, digits, '.', '-' and '_', starting with a letter or digit. */
	static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	/** The media types a job may keep. */
	static final Set<String> MEDIA_TYPES = Set.of("image/png", "application/json", "text/csv", "text/plain");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final JobArtifactProperties properties;

	JobArtifacts(JdbcClient jdbc, TransactionTemplate transactions, JobArtifactProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
	}

	/**
	 * Keeps a file of a job, replacing one of the same name (a job started again after a
	 * lost lease writes its files again).
	 */
	void attach(UUID jobId, String name, String mediaType, byte[] content) {
		checkName(name);
		if (!MEDIA_TYPES.contains(mediaType)) {
			throw new IllegalArgumentException("Unsupported artifact media type " + mediaType);
		}
		if (content.length > this.properties.maxBytes().toBytes()) {
			throw new TooLargeException("The job's file '" + name + "' has " + content.length
					+ " bytes; lantern.jobs.artifacts.max-bytes is " + this.properties.maxBytes());
		}
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("DELETE FROM job_artifacts WHERE job_id = ? AND name = ?").params(jobId, name).update();
			long kept = this.jdbc.sql("SELECT COUNT(*) FROM job_artifacts WHERE job_id = ?")
				.param(jobId)
				.query(Long.class)
				.single();
			if (kept >= this.properties.maxCount()) {
				throw new TooLargeException("The job already keeps " + kept
						+ " files; lantern.jobs.artifacts.max-count is " + this.properties.maxCount());
			}
			this.jdbc
				.sql("INSERT INTO job_artifacts (job_id, name, media_type, bytes, content, created_at) "
						+ "VALUES (:job, :name, :type, :bytes, :content, :at)")
				.param("job", jobId)
				.param("name", name)
				.param("type", mediaType)
				.param("bytes", (long) content.length)
				.param("content", content)
				.param("at", at(Instant.now().truncatedTo(ChronoUnit.MILLIS)))
				.update();
		});
	}

	/** A job's files, by name. */
	List<JobArtifact> list(UUID jobId) {
		return this.jdbc
			.sql("SELECT name, media_type, bytes, created_at FROM job_artifacts WHERE job_id = ? ORDER BY name")
			.param(jobId)
			.query((rs, row) -> new JobArtifact(rs.getString("name"), rs.getString("media_type"), rs.getLong("bytes"),
					rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant()))
			.list();
	}

	/** One file with its content. */
	Optional<Content> find(UUID jobId, String name) {
		checkName(name);
		return this.jdbc.sql("SELECT media_type, content FROM job_artifacts WHERE job_id = ? AND name = ?")
			.params(jobId, name)
			.query((rs, row) -> new Content(rs.getString("media_type"), rs.getBytes("content")))
			.optional();
	}

	private static void checkName(String name) {
		if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
			throw InvalidInputException.field("name",
					"An artifact name is 1 to 100 letters, digits, '.', '-' or '_', starting with a letter or digit, "
							+ "without '..'");
		}
	}

	/**
	 * A file's media type and bytes.
	 *
	 * @param mediaType the media type
	 * @param content the bytes
	 */
	record Content(String mediaType, byte[] content) {

	}

}
