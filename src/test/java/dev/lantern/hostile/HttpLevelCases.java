package dev.lantern.hostile;

import java.net.http.HttpRequest;
import java.util.List;

import static dev.lantern.hostile.HostileCase.of;
import static dev.lantern.hostile.HostileFixture.raw;

/**
 * Authentication, paths and HTTP itself: what Tomcat, the firewall and the filters
 * refuse.
 */
class HttpLevelCases implements HostileCases {

	@Override
	public List<HostileCase> cases() {
		return List.of(
				of("auth", "a change without a key",
						(f) -> f.send(HttpRequest.newBuilder(f.uri("/api/v1/jobs"))
							.header("Content-Type", "application/json")
							.POST(HostileInputCorpusTests.body("{}"))
							.build()),
						401, "API key"),
				of("auth", "a change with a wrong key",
						(f) -> f.send(HttpRequest.newBuilder(f.uri("/api/v1/datasets/" + f.rossmannDataset()))
							.header("Authorization", "Bearer not-the-key")
							.DELETE()
							.build()),
						401),
				of("auth", "a key in the wrong scheme",
						(f) -> f.send(HttpRequest.newBuilder(f.uri("/api/v1/models/" + f.salesModel() + "/versions/1"))
							.header("Authorization", "Basic dGVzdC1rZXk6")
							.DELETE()
							.build()),
						401),
				of("paths", "an unknown path",
						(f) -> f.send(HttpRequest.newBuilder(f.uri("/api/v1/nothing-here")).GET().build()), 404),
				of("paths", "an unknown job",
						(f) -> f.send(HttpRequest.newBuilder(f.uri("/api/v1/jobs/00000000-0000-0000-0000-000000000000"))
							.GET()
							.build()),
						404, "job"),
				of("paths", "a job id that is no UUID",
						(f) -> f.send(HttpRequest.newBuilder(f.uri("/api/v1/jobs/not-a-uuid")).GET().build()), 400,
						"id"),
				of("paths", "a model version that is no number",
						(f) -> f
							.send(HttpRequest.newBuilder(f.uri("/api/v1/models/" + f.salesModel() + "/versions/one"))
								.GET()
								.build()),
						400, "version"),
				of("paths", "deleting a version of an unknown model",
						(f) -> f.send(f.authorized("/api/v1/models/no-such-model/versions/1").DELETE().build()), 404,
						"no-such-model"),
				of("http", "an encoded slash in a path",
						(f) -> f.sendRaw(raw(
								"GET /api/v1/models/a%2F..%2Fb HTTP/1.1\nHost: localhost\n" + "Connection: close\n\n")),
						400),
				of("http", "a dot-dot segment", (f) -> f.sendRaw(
						raw("GET /api/v1/models/../../etc/passwd HTTP/1.1\nHost: localhost\nConnection: close\n\n")),
						400),
				of("http", "a NUL byte in the path",
						(f) -> f.sendRaw(
								raw("GET /api/v1/models/a%00b HTTP/1.1\nHost: localhost\n" + "Connection: close\n\n")),
						400),
				of("http", "a TRACE request",
						(f) -> f.sendRaw(raw("TRACE /api/v1/system HTTP/1.1\nHost: localhost\nConnection: close\n\n")),
						405),
				of("http", "an over-long URL",
						(f) -> f.sendRaw(raw("GET /api/v1/models/" + "a".repeat(20_000)
								+ " HTTP/1.1\nHost: localhost\nConnection: close\n\n")),
						400),
				of("http", "an over-long header",
						(f) -> f.sendRaw(raw("GET /api/v1/system HTTP/1.1\nHost: localhost\nX-Filler: "
								+ "a".repeat(20_000) + "\nConnection: close\n\n")),
						400),
				of("http", "malformed JSON",
						(f) -> f.send(f.authorized("/api/v1/jobs")
							.header("Content-Type", "application/json")
							.POST(HostileInputCorpusTests.body("{\"type\":"))
							.build()),
						400, "JSON"),
				of("http", "a multipart form field over the form limit", (f) -> {
					String boundary = "field-boundary";
					String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\n"
							+ "x".repeat(3 * 1024 * 1024) + "\r\n--" + boundary + "--\r\n";
					return f.send(f.authorized("/api/v1/datasets")
						.header("Content-Type", "multipart/form-data; boundary=" + boundary)
						.POST(HostileInputCorpusTests.body(body))
						.build());
				}, 413, "server.tomcat.max-http-form-post-size"),
				of("http", "a body of a type the endpoint does not read",
						(f) -> f.send(f.authorized("/api/v1/jobs")
							.header("Content-Type", "text/plain")
							.POST(HostileInputCorpusTests.body("train please"))
							.build()),
						415));
	}

}
