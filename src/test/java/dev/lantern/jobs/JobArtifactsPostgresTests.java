package dev.lantern.jobs;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.lantern.support.PostgresIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Job files on PostgreSQL, as in production: stored and read back byte for byte, replaced
 * by name, deleted with their job.
 */
@PostgresIntegrationTest
@SpringBootTest
class JobArtifactsPostgresTests {

	@Autowired
	JobArtifacts artifacts;

	@Autowired
	JobRepository jobs;

	@Autowired
	JdbcClient jdbc;

	@Test
	void keepsFilesByteForByteAndDeletesThemWithTheirJob() {
		UUID id = UUID.randomUUID();
		this.jobs.insert(id, "test", "{}", 0, Instant.now());
		byte[] png = new byte[300_000];
		new Random(1).nextBytes(png);
		this.artifacts.attach(id, "plot.png", "image/png", new byte[] { 1, 2 });
		this.artifacts.attach(id, "plot.png", "image/png", png);
		this.artifacts.attach(id, "series.json", "application/json", "{}".getBytes());

		assertThat(this.artifacts.list(id)).extracting(JobArtifact::name).containsExactly("plot.png", "series.json");
		assertThat(this.artifacts.list(id).get(0).bytes()).isEqualTo(300_000);
		assertThat(this.artifacts.find(id, "plot.png").orElseThrow().content()).isEqualTo(png);

		this.jdbc.sql("DELETE FROM jobs WHERE id = ?").param(id).update();
		assertThat(this.artifacts.list(id)).isEmpty();
	}

}
