package dev.lantern.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server a benchmark started ({@code @SpringBootTest} on a random port), over HTTP on
 * 127.0.0.1 with the test API key: the calls benchmarks make to set up their datasets and
 * models (post, get, submit a job and wait for it) and to send their traffic.
 */
final class BenchmarkServer {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String KEY = "Bearer test-key";

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	BenchmarkServer(int port) {
		this.port = port;
	}

	String base() {
		return "http://127.0.0.1:" + this.port;
	}

	/** A request to a path of the server, with the API key. */
	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", KEY);
	}

	/** POSTs a body (with its content type, if any) and expects a 2xx answer. */
	byte[] post(String path, String contentType, String body) {
		HttpRequest.Builder request = request(path)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isBetween(200, 299);
		return response.body();
	}

	/** GETs a path and expects a 200. */
	byte[] get(String path) {
		HttpResponse<byte[]> response = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	/** Submits a job; returns its id. */
	String submit(String job) {
		return id(post("/api/v1/jobs", "application/json", job));
	}

	/** Waits for a job to end and expects it to have succeeded. */
	void awaitSuccess(String job, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		JsonNode state = null;
		while (Instant.now().isBefore(deadline)) {
			state = JSON.readTree(get("/api/v1/jobs/" + job));
			if (state.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED")) {
				break;
			}
			Thread.sleep(1000);
		}
		assertThat(state.get("status").asString()).as(String.valueOf(state)).isEqualTo("SUCCEEDED");
	}

	/** Sends a request; an I/O failure is an unchecked exception. */
	<T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
		try {
			return this.client.send(request, body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The {@code id} of a JSON answer. */
	static String id(byte[] json) {
		return JSON.readTree(json).get("id").asString();
	}

}
