package dev.lantern.system.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.lantern.support.Http;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lantern.limits.max-upload-size=1KB", "lantern.limits.max-request-size=4KB",
				"server.tomcat.max-http-form-post-size=512B" })
@ActiveProfiles("problem-probe")
class ProblemResponsesTests {

	private static final String[] KEY = { "Authorization", "Bearer test-key" };

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void mutationWithoutKeyIsUnauthorizedProblem() {
		var response = this.http.post("/api/v1/probe/json", "application/json", json("{\"name\":\"a\",\"count\":1}"));
		assertProblem(response, 401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.body()).contains("Authorization: Bearer");
	}

	@Test
	void wrongKeyIsUnauthorizedEvenForReads() {
		var response = this.http.get("/api/v1/system", "Authorization", "Bearer not-the-key");
		assertProblem(response, 401);
		assertThat(response.body()).contains("not valid");
	}

	@Test
	void readsAreOpenByDefault() {
		assertThat(this.http.get("/api/v1/system").statusCode()).isEqualTo(200);
	}

	@Test
	void validValidRequestPasses() {
		var response = this.http.post("/api/v1/probe/json", "application/json", json("{\"name\":\"a\",\"count\":2}"),
				KEY);
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void validationProblemNamesEachField() {
		var response = this.http.post("/api/v1/probe/json", "application/json", json("{\"name\":\"\",\"count\":0}"),
				KEY);
		assertProblem(response, 400);
		assertThat(response.body()).contains("\"field\":\"name\"").contains("\"field\":\"count\"");
	}

	@Test
	void wronglyTypedValueNamesTheField() {
		var response = this.http.post("/api/v1/probe/json", "application/json",
				json("{\"name\":\"a\",\"count\":\"many\"}"), KEY);
		assertProblem(response, 400);
		assertThat(response.body()).contains("'count'");
	}

	@Test
	void malformedJsonIsBadRequest() {
		var response = this.http.post("/api/v1/probe/json", "application/json", json("{\"name\":"), KEY);
		assertProblem(response, 400);
	}

	@Test
	void unsupportedMediaTypeIsProblem() {
		var response = this.http.post("/api/v1/probe/json", "text/plain", json("hello"), KEY);
		assertProblem(response, 415);
	}

	@Test
	void unknownPathIsNotFoundProblem() {
		assertProblem(this.http.get("/api/v1/no-such-thing", KEY), 404);
	}

	@Test
	void oversizedUploadIsPayloadTooLarge() {
		var response = this.http.postFile("/api/v1/probe/upload", "big.csv", new byte[2048], KEY);
		assertProblem(response, 413);
		assertThat(response.body()).contains("lantern.limits.max-upload-size");
	}

	@Test
	void anOversizedTextPartNamesTheFormFieldLimit() {
		String boundary = "form-boundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + "n".repeat(700)
				+ "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\na,b\r\n--" + boundary + "--\r\n";
		var response = this.http.post("/api/v1/probe/upload", "multipart/form-data; boundary=" + boundary,
				body.getBytes(StandardCharsets.US_ASCII), KEY);
		assertProblem(response, 413);
		assertThat(response.body()).contains("server.tomcat.max-http-form-post-size")
			.doesNotContain("lantern.limits.max-upload-size");
	}

	@Test
	void anOversizedFormFieldNamesThePartAndThePerPartLimit() {
		String boundary = "form-boundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + "n".repeat(1500)
				+ "\r\n--" + boundary + "--\r\n";
		var response = this.http.post("/api/v1/probe/upload", "multipart/form-data; boundary=" + boundary,
				body.getBytes(StandardCharsets.US_ASCII), KEY);
		assertProblem(response, 413);
		assertThat(response.body()).contains("form field 'note'").contains("1 KB per part");
	}

	@Test
	void uploadWithinLimitIsAccepted() {
		var response = this.http.postFile("/api/v1/probe/upload", "small.csv", new byte[512], KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("512");
	}

	@Test
	void rawBodyDeclaredOverTheLimitIsPayloadTooLarge() {
		var response = this.http.post("/api/v1/probe/raw", "application/octet-stream", new byte[8192], KEY);
		assertProblem(response, 413);
		assertThat(response.body()).contains("lantern.limits.max-request-size");
	}

	@Test
	void chunkedRawBodyGrowingOverTheLimitIsPayloadTooLarge() throws Exception {
		var request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/api/v1/probe/raw"))
			.header("Authorization", "Bearer test-key")
			.header("Content-Type", "application/octet-stream")
			.POST(java.net.http.HttpRequest.BodyPublishers
				.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[64 * 1024])))
			.build();
		var response = java.net.http.HttpClient.newHttpClient()
			.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		assertProblem(response, 413);
	}

	@Test
	void rawBodyWithinTheLimitIsRead() {
		var response = this.http.post("/api/v1/probe/raw", "application/octet-stream", new byte[1000], KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("1000");
	}

	@Test
	void unexpectedFailureLeaksNoInternals() {
		var response = this.http.get("/api/v1/probe/fail", KEY);
		assertProblem(response, 500);
		assertThat(response.body()).contains("incident")
			.doesNotContain("secret")
			.doesNotContain("IllegalStateException")
			.doesNotContain("java.");
	}

	@Test
	void capacityProblemCarriesRetryAfter() {
		var response = this.http.get("/api/v1/probe/busy", KEY);
		assertProblem(response, 503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
	}

	@Test
	void fullJobQueueIsTooManyRequestsWithRetryAfterInWholeSeconds() {
		var response = this.http.get("/api/v1/probe/queue-full", KEY);
		assertProblem(response, 429);
		assertThat(response.body()).contains("problems/capacity").contains("The job queue is full");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
	}

	@Test
	void invalidInputNamesItsFieldAndDetails() {
		var response = this.http.get("/api/v1/probe/invalid", KEY);
		assertProblem(response, 400);
		assertThat(response.body()).contains("problems/invalid-request")
			.contains("\"field\":\"spec.epochs\"")
			.contains("\"limit\":1000")
			.contains("spec.epochs must be at most 1000");
	}

	@Test
	void eachDomainExceptionHasItsStatusAndType() {
		record Case(String path, int status, String type) {
		}
		for (Case c : List.of(new Case("missing", 404, "not-found"), new Case("conflict", 409, "conflict"),
				new Case("too-large", 413, "payload-too-large"), new Case("unsupported", 415, "unsupported-media-type"),
				new Case("late", 504, "timeout"))) {
			var response = this.http.get("/api/v1/probe/" + c.path(), KEY);
			assertProblem(response, c.status());
			assertThat(response.body()).contains("problems/" + c.type());
		}
	}

	private static byte[] json(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"status\":" + status).contains("\"title\"").contains("\"detail\"");
	}

}
