package dev.lantern.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.lantern.LanternApplication;
import dev.lantern.support.PostgresDatabases;
import dev.lantern.support.PostgresIntegrationTest;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas sharing one PostgreSQL database: each job runs once, jobs of a replica that
 * dies are recovered once their lease expired (not before), a replica that restarts
 * recovers its own jobs at once, and a replica that shuts down hands its job back.
 */
@PostgresIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobReplicasTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration LEASE = Duration.ofSeconds(2);

	private static PostgresDatabases.Coordinates database;

	private static final Map<String, ConfigurableApplicationContext> replicas = new java.util.LinkedHashMap<>();

	@BeforeAll
	static void startTwoReplicas() {
		database = PostgresDatabases.newSchema();
		start("replica-a");
		start("replica-b");
	}

	@AfterAll
	static void stopReplicas() {
		replicas.values().forEach(ConfigurableApplicationContext::close);
	}

	@Test
	@Order(1)
	void twoReplicasRunEachOfThirtyJobsExactlyOnce() {
		List<String> ids = new ArrayList<>();
		List<JobsClient> clients = replicas.values().stream().map(JobsClient::new).toList();
		for (int i = 0; i < 30; i++) {
			ids.add(clients.get(i % 2).submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 5, "stepMillis", 10), 0));
		}
		Set<String> instances = new HashSet<>();
		for (String id : ids) {
			JsonNode job = clients.get(1).awaitStatus(id, "SUCCEEDED", WAIT);
			assertThat(job.get("attempt").asInt()).isEqualTo(1);
			instances.add(job.get("instance").asString());
		}
		assertThat(ids).allSatisfy((id) -> assertThat(TestJobs.starts(UUID.fromString(id))).isEqualTo(1));
		assertThat(instances).containsExactlyInAnyOrder("replica-a", "replica-b");
	}

	@Test
	@Order(2)
	void recoversTheJobOfADeadReplicaOnlyAfterItsLeaseExpired() {
		UUID id = UUID.randomUUID();
		Instant leaseUntil = Instant.now().plus(LEASE);
		insertRunning(id, "replica-gone", 1, leaseUntil);
		JobsClient client = new JobsClient(replicas.get("replica-a"));

		JsonNode recovered = client.await(id.toString(),
				(job) -> !"replica-gone".equals(job.get("instance").asString()), WAIT);
		assertThat(Instant.now()).isAfter(leaseUntil);
		JsonNode done = client.awaitStatus(id.toString(), "SUCCEEDED", WAIT);
		assertThat(done.get("attempt").asInt()).isEqualTo(2);
		assertThat(done.get("instance").asString()).isIn("replica-a", "replica-b");
		assertThat(TestJobs.starts(id)).isEqualTo(1);
		assertThat(recovered.get("status").asString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
	}

	@Test
	@Order(3)
	void failsARecoveredJobThatUsedUpItsAttempts() {
		UUID id = UUID.randomUUID();
		insertRunning(id, "replica-gone", 3, Instant.now().minusSeconds(1));
		JsonNode failed = new JobsClient(replicas.get("replica-b")).awaitStatus(id.toString(), "FAILED", WAIT);
		assertThat(failed.get("error").asString()).contains("replica-gone").contains("max-attempts");
		assertThat(TestJobs.starts(id)).isZero();
	}

	@Test
	@Order(4)
	void aReplicaThatShutsDownHandsItsRunningJobBack() {
		String gate = UUID.randomUUID().toString();
		JobsClient client = new JobsClient(replicas.get("replica-a"));
		String id = client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 3, "gate", gate), 0);
		String owner = client.awaitStatus(id, "RUNNING", WAIT).get("instance").asString();
		String survivor = owner.equals("replica-a") ? "replica-b" : "replica-a";

		replicas.remove(owner).close();
		JobsClient survivorClient = new JobsClient(replicas.get(survivor));
		JsonNode handedOver = survivorClient.await(id, (job) -> job.get("status").asString().equals("RUNNING")
				&& survivor.equals(job.get("instance").asString()), WAIT);
		assertThat(handedOver.get("attempt").asInt()).isEqualTo(1);
		TestJobs.open(gate);
		survivorClient.awaitStatus(id, "SUCCEEDED", WAIT);
		assertThat(TestJobs.starts(UUID.fromString(id))).isEqualTo(2);
	}

	@Test
	@Order(5)
	void aRestartedReplicaRecoversItsOwnJobsAtOnce() {
		UUID id = UUID.randomUUID();
		insertRunning(id, "replica-c", 1, Instant.now().plus(Duration.ofHours(1)));
		start("replica-c");
		JsonNode done = new JobsClient(replicas.get("replica-c")).awaitStatus(id.toString(), "SUCCEEDED", WAIT);
		assertThat(done.get("attempt").asInt()).isEqualTo(2);
		assertThat(TestJobs.starts(id)).isEqualTo(1);
	}

	@Test
	@Order(6)
	void aJobOfAReplicaThatStoppedMidJobIsRecoveredAfterTheLeaseExpired() {
		String gate = UUID.randomUUID().toString();
		String first = replicas.keySet().iterator().next();
		JobsClient client = new JobsClient(replicas.get(first));
		String id = client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 2, "gate", gate, "uncooperative", true), 0);
		String owner = client.awaitStatus(id, "RUNNING", WAIT).get("instance").asString();
		String survivor = replicas.keySet().stream().filter((name) -> !name.equals(owner)).findFirst().orElseThrow();

		// The job ignores the request to stop, so the replica closes without handing it
		// back: its lease is no longer renewed.
		replicas.remove(owner).close();
		JdbcClient jdbc = replicas.get(survivor).getBean(JdbcClient.class);
		List<OffsetDateTime> lease = jdbc.sql("SELECT lease_until FROM jobs WHERE id = ? AND owner = ?")
			.params(UUID.fromString(id), owner)
			.query((rs, row) -> rs.getObject(1, OffsetDateTime.class))
			.list();
		JobsClient survivorClient = new JobsClient(replicas.get(survivor));
		JsonNode recovered = survivorClient.await(id, (job) -> survivor.equals(job.get("instance").asString()), WAIT);
		if (!lease.isEmpty()) {
			assertThat(Instant.now()).isAfter(lease.get(0).toInstant());
		}
		assertThat(recovered.get("attempt").asInt()).isEqualTo(2);
		TestJobs.open(gate);
		JsonNode done = survivorClient.awaitStatus(id, "SUCCEEDED", WAIT);
		assertThat(done.get("instance").asString()).isEqualTo(survivor);
	}

	private static void start(String name) {
		List<String> properties = new ArrayList<>(List.of(database.asProperties()));
		properties.addAll(List.of("server.port=0", "lantern.instance.id=" + name, "lantern.instance.heartbeat=500ms",
				"lantern.jobs.slots-per-device=2", "lantern.jobs.poll-interval=50ms", "lantern.jobs.heartbeat=200ms",
				"lantern.jobs.lease=" + LEASE.toMillis() + "ms", "lantern.jobs.progress-interval=50ms",
				"lantern.jobs.shutdown-grace=500ms", "lantern.jobs.events-poll-interval=20ms",
				"spring.lifecycle.timeout-per-shutdown-phase=10s", "spring.main.banner-mode=off"));
		// As command-line arguments, which take precedence over application.yaml.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LanternApplication.class,
				TestJobs.Configuration.class)
			.run(properties.stream().map((property) -> "--" + property).toArray(String[]::new));
		replicas.put(name, context);
	}

	private static void insertRunning(UUID id, String owner, int attempt, Instant leaseUntil) {
		JdbcClient jdbc = replicas.values().iterator().next().getBean(JdbcClient.class);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		jdbc.sql("INSERT INTO jobs (id, type, spec, priority, status, owner, device, attempt, lease_until, "
				+ "created_at, started_at, updated_at) VALUES (?, ?, ?, 0, 'RUNNING', ?, 'cpu', ?, ?, ?, ?, ?)")
			.params(id, StepsJobType.NAME, "{\"epochs\":1,\"stepsPerEpoch\":2,\"stepMillis\":5}", owner, attempt,
					leaseUntil.atOffset(ZoneOffset.UTC), now, now, now)
			.update();
	}

}
