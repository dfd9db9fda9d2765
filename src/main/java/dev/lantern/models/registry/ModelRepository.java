package dev.lantern.models.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.WeightsSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The registry's tables: {@code models} (default version, next version number) and
 * {@code model_versions} (metadata, JSON as text). Callers hold the transaction.
 */
@Repository
class ModelRepository {

	private static final String VERSION_COLUMNS = "v.name, v.version, v.kind, v.job_id, v.pretrained, v.input_schema, "
			+ "v.labels, v.metrics, v.created_at, v.weights_id, v.weights_sha256, v.weights_file_name, m.default_version";

	private static final TypeReference<Map<String, Object>> SCHEMA = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> LABELS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ModelRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Creates the model's row if it is new, locks it until the transaction ends and takes
	 * the next version number: concurrent publishers of one model, on any replica, get
	 * distinct numbers.
	 */
	int allocateVersion(String name, Instant now) {
		this.jdbc
			.sql("INSERT INTO models (name, default_version, next_version, created_at, updated_at) "
					+ "VALUES (?, NULL, 1, ?, ?) ON CONFLICT DO NOTHING")
			.params(name, Timestamp.from(now), Timestamp.from(now))
			.update();
		ModelRow row = lock(name).orElseThrow();
		this.jdbc.sql("UPDATE models SET next_version = ?, updated_at = ? WHERE name = ?")
			.params(row.nextVersion() + 1, Timestamp.from(now), name)
			.update();
		return row.nextVersion();
	}

	/** The model's row, locked until the transaction ends. */
	Optional<ModelRow> lock(String name) {
		return this.jdbc.sql("SELECT name, default_version, next_version FROM models WHERE name = ? FOR UPDATE")
			.param(name)
			.query((rs, row) -> new ModelRow(rs.getString("name"), (Integer) rs.getObject("default_version"),
					rs.getInt("next_version")))
			.optional();
	}

	void insertVersion(ModelVersionInfo info) {
		this.jdbc
			.sql("INSERT INTO model_versions (name, version, kind, job_id, pretrained, input_schema, labels, metrics, "
					+ "created_at, weights_id, weights_sha256, weights_file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(info.name(), info.version(), info.kind(), info.jobId(), info.pretrained(),
					this.json.writeValueAsString(info.inputSchema()), this.json.writeValueAsString(info.labels()),
					this.json.writeValueAsString(info.metrics()), Timestamp.from(info.createdAt()),
					(info.weights() != null) ? info.weights().id() : null,
					(info.weights() != null) ? info.weights().sha256() : null,
					(info.weights() != null) ? info.weights().fileName() : null)
			.update();
	}

	void setDefault(String name, Integer version) {
		this.jdbc.sql("UPDATE models SET default_version = ?, updated_at = ? WHERE name = ?")
			.params(version, Timestamp.from(Instant.now()), name)
			.update();
	}

	void deleteVersion(String name, int version) {
		this.jdbc.sql("DELETE FROM model_versions WHERE name = ? AND version = ?").params(name, version).update();
	}

	Optional<Integer> latestVersion(String name) {
		return this.jdbc.sql("SELECT MAX(version) FROM model_versions WHERE name = ?")
			.param(name)
			.query((rs, row) -> (Integer) rs.getObject(1))
			.optional();
	}

	Optional<ModelVersionInfo> find(String name, int version) {
		return this.jdbc
			.sql("SELECT " + VERSION_COLUMNS
					+ " FROM model_versions v JOIN models m ON m.name = v.name WHERE v.name = ? AND v.version = ?")
			.params(name, version)
			.query(this::version)
			.optional();
	}

	Optional<ModelVersionInfo> findDefault(String name) {
		return this.jdbc
			.sql("SELECT " + VERSION_COLUMNS + " FROM model_versions v JOIN models m ON m.name = v.name "
					+ "WHERE v.name = ? AND v.version = m.default_version")
			.param(name)
			.query(this::version)
			.optional();
	}

	List<ModelVersionInfo> versions(String name) {
		return this.jdbc
			.sql("SELECT " + VERSION_COLUMNS
					+ " FROM model_versions v JOIN models m ON m.name = v.name WHERE v.name = ? ORDER BY v.version")
			.param(name)
			.query(this::version)
			.list();
	}

	List<ModelSummary> list() {
		return this.jdbc
			.sql("SELECT m.name, m.default_version, m.updated_at, d.kind, COUNT(v.version) AS versions, "
					+ "MAX(v.version) AS latest FROM models m JOIN model_versions v ON v.name = m.name "
					+ "LEFT JOIN model_versions d ON d.name = m.name AND d.version = m.default_version "
					+ "GROUP BY m.name, m.default_version, m.updated_at, d.kind ORDER BY m.name")
			.query((rs, row) -> new ModelSummary(rs.getString("name"), rs.getString("kind"),
					(Integer) rs.getObject("default_version"), rs.getInt("versions"), rs.getInt("latest"),
					rs.getTimestamp("updated_at").toInstant()))
			.list();
	}

	private ModelVersionInfo version(ResultSet rs, int row) throws SQLException {
		int version = rs.getInt("version");
		Integer defaultVersion = (Integer) rs.getObject("default_version");
		return new ModelVersionInfo(rs.getString("name"), version, rs.getString("kind"),
				defaultVersion != null && defaultVersion == version, rs.getObject("job_id", UUID.class),
				rs.getBoolean("pretrained"), this.json.readValue(rs.getString("input_schema"), SCHEMA),
				this.json.readValue(rs.getString("labels"), LABELS),
				this.json.readValue(rs.getString("metrics"), METRICS), rs.getTimestamp("created_at").toInstant(),
				weights(rs));
	}

	private static WeightsSource weights(ResultSet rs) throws SQLException {
		String sha256 = rs.getString("weights_sha256");
		return (sha256 != null)
				? new WeightsSource(rs.getString("weights_id"), sha256.strip(), rs.getString("weights_file_name"))
				: null;
	}

	/**
	 * A model's row.
	 *
	 * @param name the model
	 * @param defaultVersion its default version, or null when it has no versions
	 * @param nextVersion the number the next version gets
	 */
	record ModelRow(String name, Integer defaultVersion, int nextVersion) {

	}

}
