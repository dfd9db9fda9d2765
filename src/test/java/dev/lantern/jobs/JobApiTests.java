package dev.lantern.jobs;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.lantern.system.errors.InvalidInputException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The jobs API end to end on H2, with one worker on the CPU and the test job type.
 */
@JobsApiTest
class JobApiTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private JobLeases leases;

	@Autowired
	private JobQueue queue;

	private JobsClient client;

	private final List<String> gates = new ArrayList<>();

	@BeforeEach
	void client() {
		this.client = new JobsClient(this.port);
		TestJobs.reset();
	}

	@AfterEach
	void drain() {
		this.gates.forEach(TestJobs::open);
		this.jdbc.sql("UPDATE jobs SET status = 'CANCELLED' WHERE status = 'QUEUED'").update();
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (this.jdbc.sql("SELECT COUNT(*) FROM jobs WHERE status = 'RUNNING'").query(Long.class).single() > 0
				&& System.nanoTime() < deadline) {
			JobsClient.sleep(20);
		}
	}

	@Test
	void listsTheJobTypesWithTheDefaultsOfTheirSpecs() {
		HttpResponse<String> response = this.client.get("/api/v1/jobs/types");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, JsonNode> types = new HashMap<>();
		tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(response.body())
			.forEach((type) -> types.put(type.get("name").asString(), type));
		assertThat(types).containsKeys(StepsJobType.NAME, "tabular-train", "vision-train");
		assertThat(types.get(StepsJobType.NAME).get("defaults").isNull()).isTrue();
		JsonNode tabular = types.get("tabular-train").get("defaults");
		assertThat(tabular.get("layers").toString()).isEqualTo("[1000,500]");
		assertThat(tabular.get("epochs").isNull()).as("chosen from the training rows").isTrue();
		assertThat(tabular.get("batchSize").isNull()).as("chosen from the training rows").isTrue();
		assertThat(tabular.get("weightDecay").asDouble()).isEqualTo(0.4);
		assertThat(tabular.get("preset").asString()).isEqualTo("rossmann");
		JsonNode vision = types.get("vision-train").get("defaults");
		assertThat(vision.get("architecture").asString()).isEqualTo("resnet34");
		assertThat(vision.get("imageSize").asInt()).isEqualTo(224);
		assertThat(vision.get("transforms").get("maxRotate").asDouble()).isEqualTo(10.0);
	}

	@Test
	void queuesAJobAndRunsItToSuccessWithProgressHistoryAndResult() {
		String blocker = this.client.submitSteps(gated(), 0);
		this.client.awaitStatus(blocker, "RUNNING", WAIT);

		HttpResponse<String> response = this.client
			.submit(Map.of("type", StepsJobType.NAME, "spec", Map.of("epochs", 2, "stepsPerEpoch", 3)));
		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode queued = this.client.json(response);
		String id = queued.get("id").asString();
		assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
		assertThat(queued.get("status").asString()).isEqualTo("QUEUED");
		assertThat(queued.get("queuePosition").asInt()).isEqualTo(1);
		assertThat(queued.get("type").asString()).isEqualTo(StepsJobType.NAME);

		openGates();
		JsonNode done = this.client.awaitStatus(id, "SUCCEEDED", WAIT);
		assertThat(done.get("device").asString()).isEqualTo("cpu");
		assertThat(done.get("attempt").asInt()).isEqualTo(1);
		assertThat(done.get("queuePosition").isNull()).isTrue();
		assertThat(done.get("progress").get("step").asLong()).isEqualTo(6);
		assertThat(done.get("progress").get("totalSteps").asLong()).isEqualTo(6);
		assertThat(done.get("progress").get("totalEpochs").asInt()).isEqualTo(2);
		assertThat(done.get("history")).hasSize(2);
		assertThat(done.get("history").get(1).get("validLoss").asDouble()).isEqualTo(1.0);
		assertThat(done.get("history").get(1).get("metrics").get("accuracy").asDouble()).isEqualTo(0.6);
		assertThat(done.get("result").get("modelName").asString()).isEqualTo("test-model");
		assertThat(done.get("result").get("modelVersion").asInt()).isEqualTo(1);
		assertThat(done.get("result").get("details").get("steps").asInt()).isEqualTo(6);
		assertThat(done.get("startedAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		assertThat(done.get("finishedAt").isNull()).isFalse();
		assertThat(TestJobs.starts(UUID.fromString(id))).isEqualTo(1);
		Timer timer = this.meters.find("lantern.jobs.duration")
			.tags("type", StepsJobType.NAME, "outcome", "succeeded")
			.timer();
		assertThat(timer).isNotNull();
		assertThat(timer.count()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void fitsADl4jNetworkAsAJobAndCancelsItMidFit() {
		HttpResponse<String> response = this.client
			.submit(Map.of("type", FitJobType.NAME, "spec", Map.of("epochs", 2)));
		assertThat(response.statusCode()).isEqualTo(202);
		String fitted = this.client.json(response).get("id").asString();
		JsonNode done = this.client.awaitStatus(fitted, "SUCCEEDED", WAIT);
		assertThat(done.get("history")).hasSize(2);
		assertThat(done.get("history").get(1).get("validLoss").asDouble()).isPositive();
		assertThat(done.get("progress").get("step").asLong()).isEqualTo(8);

		String endless = this.client
			.json(this.client.submit(Map.of("type", FitJobType.NAME, "spec", Map.of("epochs", 100000))))
			.get("id")
			.asString();
		this.client.await(endless, (job) -> job.get("progress").get("step").asLong() > 0, WAIT);
		assertThat(this.client.post("/api/v1/jobs/" + endless + "/cancel", "", JobsClient.KEY).statusCode())
			.isEqualTo(202);
		JsonNode cancelled = this.client.awaitStatus(endless, "CANCELLED", WAIT);
		assertThat(cancelled.get("result").isNull()).isTrue();
		assertThat(cancelled.get("progress").get("step").asLong()).isLessThan(400000);
	}

	@Test
	void recordsTheErrorOfAFailedJob() {
		Map<String, Object> spec = new HashMap<>(Map.of("epochs", 1, "stepsPerEpoch", 1, "fail", true));
		String id = this.client.submitSteps(spec, 0);
		JsonNode failed = this.client.awaitStatus(id, "FAILED", WAIT);
		assertThat(failed.get("error").asString()).isEqualTo("The spec asked this job to fail");
		assertThat(failed.get("result").isNull()).isTrue();
	}

	@Test
	void anUnexpectedFailureReadsAsASentenceWithoutInternals() {
		Map<String, Object> spec = new HashMap<>(Map.of("epochs", 1, "stepsPerEpoch", 1, "crash", true));
		String id = this.client.submitSteps(spec, 0);
		String error = this.client.awaitStatus(id, "FAILED", WAIT).get("error").asString();
		assertThat(error).startsWith("The job failed unexpectedly")
			.contains("incident")
			.doesNotContain("Exception")
			.doesNotContain("workspace pointer")
			.doesNotContain("0x7f3a");
	}

	@Test
	void aSpecItsTypeDoesNotAdmitIsRefusedAtSubmissionAndNotQueued() {
		long before = this.jdbc.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single();
		HttpResponse<String> refused = this.client.submit(Map.of("type", StepsJobType.NAME, "spec",
				Map.of("epochs", 1, "stepsPerEpoch", 1, "label", StepsJobType.INADMISSIBLE)));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(this.client.json(refused).get("field").asString()).isEqualTo("spec.label");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void aQueuedJobThatNoLongerFitsTheLimitsWhenItStartsFailsWithTheReasonAndNeverRuns() {
		String blocker = this.client.submitSteps(gated(), 0);
		this.client.awaitStatus(blocker, "RUNNING", WAIT);
		String label = StepsJobType.LIMITED + UUID.randomUUID();
		String id = this.client.submitSteps(labelled(label), 0);
		TestJobs.open(label);
		openGates();

		JsonNode failed = this.client.awaitStatus(id, "FAILED", WAIT);
		assertThat(failed.get("error").asString()).isEqualTo("spec.label no longer fits the limits of this service");
		assertThat(TestJobs.starts(UUID.fromString(id))).isZero();
		this.client.awaitStatus(blocker, "SUCCEEDED", WAIT);
	}

	@Test
	void refusesAnInvalidSpecNamingTheField() {
		long before = this.jdbc.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single();
		HttpResponse<String> tooFew = this.client
			.submit(Map.of("type", StepsJobType.NAME, "spec", Map.of("epochs", 0, "stepsPerEpoch", 1)));
		assertThat(tooFew.statusCode()).isEqualTo(400);
		assertThat(tooFew.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.client.json(tooFew).get("field").asString()).isEqualTo("spec.epochs");
		assertThat(this.client.json(tooFew).get("detail").asString()).contains("spec.epochs");

		HttpResponse<String> wrongType = this.client
			.submit(Map.of("type", StepsJobType.NAME, "spec", Map.of("epochs", "many", "stepsPerEpoch", 1)));
		assertThat(wrongType.statusCode()).isEqualTo(400);
		assertThat(this.client.json(wrongType).get("field").asString()).isEqualTo("spec.epochs");

		HttpResponse<String> unknown = this.client
			.submit(Map.of("type", StepsJobType.NAME, "spec", Map.of("epochs", 1, "stepsPerEpoch", 1, "epohcs", 2)));
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(this.client.json(unknown).get("field").asString()).isEqualTo("spec.epohcs");
		assertThat(this.client.json(unknown).get("detail").asString()).contains("epochs");

		HttpResponse<String> notAnObject = this.client.submit(Map.of("type", StepsJobType.NAME, "spec", 5));
		assertThat(notAnObject.statusCode()).isEqualTo(400);
		assertThat(this.client.json(notAnObject).get("field").asString()).isEqualTo("spec");

		HttpResponse<String> badPriority = this.client.submit(
				Map.of("type", StepsJobType.NAME, "spec", Map.of("epochs", 1, "stepsPerEpoch", 1), "priority", 5000));
		assertThat(badPriority.statusCode()).isEqualTo(400);
		assertThat(badPriority.body()).contains("priority");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void refusesAnUnknownTypeListingTheKnownOnes() {
		HttpResponse<String> response = this.client.submit(Map.of("type", "no-such-type", "spec", Map.of()));
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = this.client.json(response);
		assertThat(problem.get("field").asString()).isEqualTo("type");
		assertThat(problem.get("detail").asString()).contains("no-such-type").contains(StepsJobType.NAME);
		HttpResponse<String> missing = this.client.submit(Map.of("spec", Map.of()));
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("type");
	}

	@Test
	void refusesSubmissionsAndCancellationsWithoutAnApiKey() {
		HttpResponse<String> submit = this.client.post("/api/v1/jobs",
				"{\"type\":\"" + StepsJobType.NAME + "\",\"spec\":{\"epochs\":1,\"stepsPerEpoch\":1}}", null);
		assertThat(submit.statusCode()).isEqualTo(401);
		HttpResponse<String> cancel = this.client.post("/api/v1/jobs/" + UUID.randomUUID() + "/cancel", "", null);
		assertThat(cancel.statusCode()).isEqualTo(401);
		HttpResponse<String> wrongKey = this.client.post("/api/v1/jobs",
				"{\"type\":\"" + StepsJobType.NAME + "\",\"spec\":{\"epochs\":1,\"stepsPerEpoch\":1}}", "wrong");
		assertThat(wrongKey.statusCode()).isEqualTo(401);
	}

	@Test
	void answers429WithRetryAfterPastTheQueueCap() {
		String blocker = this.client.submitSteps(gated(), 0);
		this.client.awaitStatus(blocker, "RUNNING", WAIT);
		for (int i = 0; i < 4; i++) {
			this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1), 0);
		}
		HttpResponse<String> refused = this.client
			.submit(Map.of("type", StepsJobType.NAME, "spec", Map.of("epochs", 1, "stepsPerEpoch", 1)));
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(this.client.json(refused).get("detail").asString()).contains("lantern.jobs.max-queued");
	}

	@Test
	void cancelsAQueuedJobAtOnceSoItNeverRuns() {
		String blocker = this.client.submitSteps(gated(), 0);
		this.client.awaitStatus(blocker, "RUNNING", WAIT);
		String id = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1), 0);

		HttpResponse<String> cancelled = this.client.post("/api/v1/jobs/" + id + "/cancel", "", JobsClient.KEY);
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(this.client.json(cancelled).get("status").asString()).isEqualTo("CANCELLED");

		openGates();
		this.client.awaitStatus(blocker, "SUCCEEDED", WAIT);
		String after = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1), 0);
		this.client.awaitStatus(after, "SUCCEEDED", WAIT);
		assertThat(TestJobs.starts(UUID.fromString(id))).isZero();
		assertThat(this.client.job(id).get("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void cancelsARunningJobAtItsNextStepAndFreesItsDevice() {
		String id = this.client.submitSteps(gated(), 0);
		this.client.await(id, (job) -> job.get("status").asString().equals("RUNNING")
				&& job.get("progress").get("totalSteps").asLong() == 40, WAIT);

		HttpResponse<String> cancel = this.client.post("/api/v1/jobs/" + id + "/cancel", "", JobsClient.KEY);
		assertThat(cancel.statusCode()).isEqualTo(202);
		assertThat(this.client.json(cancel).get("cancelRequested").asBoolean()).isTrue();

		JsonNode cancelled = this.client.awaitStatus(id, "CANCELLED", WAIT);
		assertThat(cancelled.get("result").isNull()).isTrue();
		assertThat(cancelled.get("progress").get("step").asLong()).isZero();
		String next = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1), 0);
		this.client.awaitStatus(next, "SUCCEEDED", WAIT);

		HttpResponse<String> again = this.client.post("/api/v1/jobs/" + next + "/cancel", "", JobsClient.KEY);
		assertThat(again.statusCode()).isEqualTo(409);
		HttpResponse<String> missing = this.client.post("/api/v1/jobs/" + UUID.randomUUID() + "/cancel", "",
				JobsClient.KEY);
		assertThat(missing.statusCode()).isEqualTo(404);
	}

	@Test
	void runsHigherPrioritiesFirstAndFirstInFirstOutWithinOne() {
		String blocker = this.client.submitSteps(gated(), 0);
		this.client.awaitStatus(blocker, "RUNNING", WAIT);
		String low1 = this.client.submitSteps(labelled("low-1"), 0);
		String high1 = this.client.submitSteps(labelled("high-1"), 5);
		String low2 = this.client.submitSteps(labelled("low-2"), 0);
		String high2 = this.client.submitSteps(labelled("high-2"), 5);
		assertThat(this.client.job(high1).get("queuePosition").asInt()).isEqualTo(1);
		assertThat(this.client.job(high2).get("queuePosition").asInt()).isEqualTo(2);
		assertThat(this.client.job(low1).get("queuePosition").asInt()).isEqualTo(3);
		assertThat(this.client.job(low2).get("queuePosition").asInt()).isEqualTo(4);

		openGates();
		this.client.awaitStatus(low2, "SUCCEEDED", WAIT);
		assertThat(TestJobs.labels()).containsExactly("high-1", "high-2", "low-1", "low-2");
	}

	@Test
	void streamsProgressInOrderEndingWithTheFinalState() throws Exception {
		String blocker = this.client.submitSteps(gated(), 0);
		this.client.awaitStatus(blocker, "RUNNING", WAIT);
		String id = this.client.submitSteps(Map.of("epochs", 3, "stepsPerEpoch", 4, "stepMillis", 40), 0);
		Thread release = new Thread(() -> {
			JobsClient.sleep(300);
			openGates();
		});
		release.start();

		List<JobsClient.Event> events = this.client.events(id, WAIT);
		release.join();
		assertThat(events).isNotEmpty();
		assertThat(events.get(0).name()).isEqualTo("status");
		assertThat(events.get(0).data().get("status").asString()).isEqualTo("QUEUED");
		JobsClient.Event last = events.get(events.size() - 1);
		assertThat(last.name()).isEqualTo("status");
		assertThat(last.data().get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(last.data().get("history")).hasSize(3);
		assertThat(events.stream().map((event) -> event.data().get("status").asString())).contains("RUNNING");
		long previousVersion = -1;
		long previousStep = -1;
		for (JobsClient.Event event : events) {
			long version = Long.parseLong(event.id());
			assertThat(version).isGreaterThan(previousVersion);
			previousVersion = version;
			JsonNode step = event.data().get("progress").get("step");
			if (!step.isNull()) {
				assertThat(step.asLong()).isGreaterThanOrEqualTo(previousStep);
				previousStep = step.asLong();
			}
		}
		long progressEvents = events.stream().filter((event) -> event.name().equals("progress")).count();
		assertThat(progressEvents).isGreaterThanOrEqualTo(3);

		List<JobsClient.Event> late = this.client.events(id, WAIT);
		assertThat(late).hasSize(1);
		assertThat(late.get(0).data().get("status").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void listsJobsNewestFirstFilteredByStatusAndTypeInPages() {
		String first = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1), 0);
		String second = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1), 0);
		this.client.awaitStatus(first, "SUCCEEDED", WAIT);
		this.client.awaitStatus(second, "SUCCEEDED", WAIT);

		JsonNode page = this.client
			.json(this.client.get("/api/v1/jobs?status=succeeded&type=" + StepsJobType.NAME + "&size=1"));
		assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(page.get("items")).hasSize(1);
		assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(second);
		JsonNode next = this.client.json(this.client.get("/api/v1/jobs?status=SUCCEEDED&size=1&page=1"));
		assertThat(next.get("items").get(0).get("id").asString()).isEqualTo(first);
		JsonNode none = this.client.json(this.client.get("/api/v1/jobs?type=other"));
		assertThat(none.get("total").asLong()).isZero();

		HttpResponse<String> badStatus = this.client.get("/api/v1/jobs?status=DONE");
		assertThat(badStatus.statusCode()).isEqualTo(400);
		assertThat(this.client.json(badStatus).get("field").asString()).isEqualTo("status");
		assertThat(this.client.get("/api/v1/jobs?size=0").statusCode()).isEqualTo(400);
		assertThat(this.client.get("/api/v1/jobs/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
		assertThat(this.client.get("/api/v1/jobs/not-a-uuid").statusCode()).isEqualTo(400);
		HttpResponse<String> noStream = this.client.get("/api/v1/jobs/" + UUID.randomUUID() + "/events",
				"text/event-stream");
		assertThat(noStream.statusCode()).isEqualTo(404);
		assertThat(noStream.body()).contains("No job");
	}

	@Test
	void reportsSlotsAndRunningJobsPerDevice() {
		String id = this.client.submitSteps(gated(), 0);
		this.client.awaitStatus(id, "RUNNING", WAIT);
		JsonNode report = this.client.json(this.client.get("/api/v1/system"));
		JsonNode device = report.get("sections").get("jobs").get("devices").get(0);
		assertThat(device.get("device").asString()).isEqualTo("cpu");
		assertThat(device.get("slots").asInt()).isEqualTo(1);
		assertThat(device.get("running").get(0).asString()).isEqualTo(id);
		assertThat(this.meters.get("lantern.jobs.running").tag("device", "cpu").gauge().value()).isEqualTo(1.0);
	}

	@Test
	void otherFeaturesQueueJobsWithTheSameValidation() {
		JobView queued = this.queue.submit(StepsJobType.NAME,
				new StepsJobType.Spec(1, 2, 0, null, false, false, null, false), 3);
		assertThat(queued.priority()).isEqualTo(3);
		JsonNode done = this.client.awaitStatus(queued.id().toString(), "SUCCEEDED", WAIT);
		assertThat(done.get("spec").get("stepsPerEpoch").asInt()).isEqualTo(2);
		assertThat(this.queue.get(queued.id()).status()).isEqualTo(JobStatus.SUCCEEDED);

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.queue.submit(StepsJobType.NAME, Map.of("epochs", 0, "stepsPerEpoch", 1), 0))
			.satisfies((problem) -> assertThat(problem.field()).isEqualTo("spec.epochs"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.queue.submit(StepsJobType.NAME, Map.of("epochs", 1, "stepsPerEpoch", 1), 1001))
			.satisfies((problem) -> assertThat(problem.field()).isEqualTo("priority"));
	}

	@Test
	void documentsTheEndpointsInTheOpenApiDescription() {
		HttpResponse<String> docs = this.client.get("/v3/api-docs");
		assertThat(docs.statusCode()).isEqualTo(200);
		JsonNode paths = this.client.json(docs).get("paths");
		assertThat(paths.get("/api/v1/jobs").get("post").get("summary").asString()).startsWith("Queue a job");
		assertThat(paths.get("/api/v1/jobs/{id}/events").get("get").get("tags").get(0).asString()).isEqualTo("Jobs");
		assertThat(paths.has("/api/v1/jobs/{id}/cancel")).isTrue();
	}

	@Test
	void deletesFinishedJobsPastTheirRetention() {
		String recent = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1), 0);
		this.client.awaitStatus(recent, "SUCCEEDED", WAIT);
		String old = this.client.submitSteps(Map.of("epochs", 1, "stepsPerEpoch", 1), 0);
		this.client.awaitStatus(old, "SUCCEEDED", WAIT);
		this.jdbc.sql("UPDATE jobs SET finished_at = ? WHERE id = ?")
			.params(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(31), UUID.fromString(old))
			.update();

		assertThat(this.leases.purge(java.time.Instant.now())).isEqualTo(1);
		assertThat(this.client.get("/api/v1/jobs/" + old).statusCode()).isEqualTo(404);
		assertThat(this.client.job(recent).get("status").asString()).isEqualTo("SUCCEEDED");
	}

	private Map<String, Object> gated() {
		String gate = UUID.randomUUID().toString();
		this.gates.add(gate);
		return Map.of("epochs", 2, "stepsPerEpoch", 20, "gate", gate);
	}

	private static Map<String, Object> labelled(String label) {
		return Map.of("epochs", 1, "stepsPerEpoch", 1, "label", label);
	}

	private void openGates() {
		this.gates.forEach(TestJobs::open);
	}

}
