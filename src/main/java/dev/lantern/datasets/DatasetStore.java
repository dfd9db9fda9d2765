package dev.lantern.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.LanternProperties;
import dev.lantern.system.errors.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.util.FileSystemUtils;

/**
 * The dataset store: each dataset's files are written into a temporary directory under
 * {@code <data-dir>/datasets}, renamed to {@code <data-dir>/datasets/<id>} and only then
 * registered in the database, so a failed import leaves nothing visible behind. Temporary
 * directories left by a crash are removed at startup.
 */
@Service
public class DatasetStore implements Datasets {

	private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);

	private static final String TEMP_PREFIX = ".incoming-";

	private static final TypeReference<Map<String, Object>> REPORT = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Path root;

	DatasetStore(JdbcClient jdbc, JsonMapper json, LanternProperties properties) {
		this.jdbc = jdbc;
		this.json = json;
		this.root = properties.dataDir().resolve("datasets").toAbsolutePath().normalize();
		try {
			Files.createDirectories(this.root);
			sweepIncomplete();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the dataset directory " + this.root, ex);
		}
	}

	@Override
	public Dataset get(String id) {
		return this.jdbc.sql("SELECT id, name, kind, created_at, report FROM datasets WHERE id = ?")
			.param(id)
			.query((rs, row) -> new Dataset(rs.getString("id"), rs.getString("name"), rs.getString("kind"),
					rs.getTimestamp("created_at").toInstant(), this.json.readValue(rs.getString("report"), REPORT)))
			.optional()
			.orElseThrow(() -> new NotFoundException("dataset", id));
	}

	/** All datasets, newest first, without their reports. */
	public List<DatasetSummary> list() {
		return this.jdbc.sql("SELECT id, name, kind, created_at FROM datasets ORDER BY created_at DESC, id")
			.query((rs, row) -> new DatasetSummary(rs.getString("id"), rs.getString("name"), rs.getString("kind"),
					rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	@Override
	public Path directory(String id) {
		get(id);
		return this.root.resolve(id);
	}

	@Override
	public Dataset create(String name, String kind, DatasetWriter writer) throws IOException {
		String id = UUID.randomUUID().toString();
		Path temporary = this.root.resolve(TEMP_PREFIX + id);
		Files.createDirectories(temporary);
		try {
			Map<String, Object> report = writer.writeInto(temporary);
			Path target = this.root.resolve(id);
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			try {
				this.jdbc.sql("INSERT INTO datasets (id, name, kind, created_at, report) VALUES (?, ?, ?, ?, ?)")
					.params(id, name, kind, Timestamp.from(now), this.json.writeValueAsString(report))
					.update();
			}
			catch (RuntimeException ex) {
				deleteTree(target);
				throw ex;
			}
			log.info("Dataset {} ({}, {}) stored", id, kind, name);
			return new Dataset(id, name, kind, now, report);
		}
		finally {
			deleteTree(temporary);
		}
	}

	/**
	 * Deletes a dataset's row and files; {@link NotFoundException} when there is none.
	 */
	public void delete(String id) throws IOException {
		int deleted = this.jdbc.sql("DELETE FROM datasets WHERE id = ?").param(id).update();
		if (deleted == 0) {
			throw new NotFoundException("dataset", id);
		}
		deleteTree(this.root.resolve(id));
	}

	private void sweepIncomplete() throws IOException {
		try (var entries = Files.list(this.root)) {
			for (Path entry : entries.filter((path) -> path.getFileName().toString().startsWith(TEMP_PREFIX))
				.toList()) {
				log.info("Removing an incomplete dataset left by an earlier run: {}", entry);
				deleteTree(entry);
			}
		}
	}

	static void deleteTree(Path target) throws IOException {
		FileSystemUtils.deleteRecursively(target);
	}

	/**
	 * A dataset in a listing.
	 *
	 * @param id its id
	 * @param name its name
	 * @param kind {@code tabular} or {@code images}
	 * @param createdAt when it was stored
	 */
	public record DatasetSummary(String id, String name, String kind, Instant createdAt) {

	}

}
