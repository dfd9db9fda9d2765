package dev.lantern.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client of the jobs API for tests, over the JDK's client.
 */
final class JobsClient {

	static final String KEY = "test-key";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String base;

	JobsClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** A client of a running application context. */
	JobsClient(org.springframework.context.ConfigurableApplicationContext context) {
		this(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	HttpResponse<String> submit(Object body) {
		return post("/api/v1/jobs", this.json.writeValueAsString(body), KEY);
	}

	/** Submits a job of the test type and returns its id. */
	String submitSteps(Map<String, Object> spec, int priority) {
		HttpResponse<String> response = submit(Map.of("type", StepsJobType.NAME, "spec", spec, "priority", priority));
		if (response.statusCode() != 202) {
			throw new AssertionError("Submission answered " + response.statusCode() + ": " + response.body());
		}
		return json(response).get("id").asString();
	}

	HttpResponse<String> post(String path, String body, String key) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return send(request.build());
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(20)).GET().build());
	}

	JsonNode job(String id) {
		HttpResponse<String> response = get("/api/v1/jobs/" + id);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET job answered " + response.statusCode() + ": " + response.body());
		}
		return json(response);
	}

	/** Polls the job until it matches, or fails after the timeout. */
	JsonNode await(String id, Predicate<JsonNode> condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		JsonNode job = job(id);
		while (!condition.test(job)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Job " + id + " did not reach the expected state in " + timeout + ": " + job);
			}
			sleep(20);
			job = job(id);
		}
		return job;
	}

	JsonNode awaitStatus(String id, String status, Duration timeout) {
		return await(id, (job) -> status.equals(job.get("status").asString()), timeout);
	}

	JsonNode json(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	/** Reads a job's event stream to its end. */
	List<Event> events(String id, Duration timeout) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + "/api/v1/jobs/" + id + "/events"))
			.timeout(timeout)
			.header("Accept", "text/event-stream")
			.GET()
			.build();
		HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			throw new AssertionError("Event stream answered " + response.statusCode());
		}
		List<Event> events = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String name = null;
			String eventId = null;
			StringBuilder data = new StringBuilder();
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						events.add(new Event(eventId, name, this.json.readTree(data.toString())));
					}
					name = null;
					eventId = null;
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("id:")) {
					eventId = line.substring(3).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5));
				}
			}
		}
		return events;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One Server-Sent Event.
	 *
	 * @param id its id
	 * @param name its name
	 * @param data its JSON data
	 */
	record Event(String id, String name, JsonNode data) {

	}

}
