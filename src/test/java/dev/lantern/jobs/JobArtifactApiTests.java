package dev.lantern.jobs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files jobs keep, end to end on H2: listed and served by the API, bounded in size
 * and number, deleted with their job.
 */
@JobsApiTest
class JobArtifactApiTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JobLeases leases;

	private JobsClient client;

	@BeforeEach
	void client() {
		this.client = new JobsClient(this.port);
		TestJobs.reset();
	}

	@Test
	void listsAndServesTheFilesAJobKept() throws Exception {
		String id = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 2, "attachFiles", 2), 0);
		this.client.awaitStatus(id, "SUCCEEDED", WAIT);

		HttpResponse<String> list = this.client.get("/api/v1/jobs/" + id + "/artifacts");
		assertThat(list.statusCode()).isEqualTo(200);
		JsonNode files = this.client.json(list);
		assertThat(files).hasSize(2);
		assertThat(files.get(0).get("name").asString()).isEqualTo("file-0.json");
		assertThat(files.get(0).get("mediaType").asString()).isEqualTo("application/json");
		assertThat(files.get(0).get("bytes").asLong()).isEqualTo("{\"file\":0,\"steps\":2}".length());

		HttpResponse<String> file = this.client.get("/api/v1/jobs/" + id + "/artifacts/file-1.json");
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(file.body()).isEqualTo("{\"file\":1,\"steps\":2}");
	}

	@Test
	void answers404ForAnUnknownFileOrJobAnd400ForABadName() {
		String id = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1, "attachFiles", 1), 0);
		this.client.awaitStatus(id, "SUCCEEDED", WAIT);

		HttpResponse<String> unknown = this.client.get("/api/v1/jobs/" + id + "/artifacts/nothing.png");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("nothing.png");
		assertThat(this.client.get("/api/v1/jobs/" + UUID.randomUUID() + "/artifacts").statusCode()).isEqualTo(404);
		assertThat(this.client.get("/api/v1/jobs/" + UUID.randomUUID() + "/artifacts/file-0.json").statusCode())
			.isEqualTo(404);
		HttpResponse<String> dots = this.client.get("/api/v1/jobs/" + id + "/artifacts/file..json");
		assertThat(dots.statusCode()).isEqualTo(400);
		assertThat(dots.body()).contains("\"field\":\"name\"");
		assertThat(this.client.get("/api/v1/jobs/" + id + "/artifacts/.hidden").statusCode()).isEqualTo(400);
	}

	@Test
	void aJobKeepingTooManyOrTooLargeFilesFailsSayingWhichLimit() {
		String many = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1, "attachFiles", 33), 0);
		JsonNode failed = this.client.awaitStatus(many, "FAILED", WAIT);
		assertThat(failed.get("error").asString()).contains("lantern.jobs.artifacts.max-count");
		assertThat(this.client.json(this.client.get("/api/v1/jobs/" + many + "/artifacts"))).hasSize(32);

		String large = this.client
			.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1, "attachBytes", 8 * 1024 * 1024 + 1), 0);
		JsonNode tooLarge = this.client.awaitStatus(large, "FAILED", WAIT);
		assertThat(tooLarge.get("error").asString()).contains("lantern.jobs.artifacts.max-bytes");
	}

	@Test
	void aJobsFilesAreDeletedWithItPastItsRetention() {
		String old = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1, "attachFiles", 3), 0);
		this.client.awaitStatus(old, "SUCCEEDED", WAIT);
		assertThat(count(old)).isEqualTo(3);
		this.jdbc.sql("UPDATE jobs SET finished_at = ? WHERE id = ?")
			.params(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(31), UUID.fromString(old))
			.update();

		this.leases.purge(java.time.Instant.now());
		assertThat(count(old)).isZero();
	}

	private long count(String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM job_artifacts WHERE job_id = ?")
			.param(UUID.fromString(id))
			.query(Long.class)
			.single();
	}

}
