package dev.lantern.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small HTTP client for tests against a running server on a random port.
 */
public final class Http {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	public Http(int port) {
		this.base = "http://localhost:" + port;
	}

	public HttpResponse<String> get(String path, String... headers) {
		return send(request(path, headers).GET().build());
	}

	/** GETs a binary body, checking for 200. */
	public byte[] bytes(String path) {
		try {
			HttpResponse<byte[]> response = this.client.send(request(path).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(path).isEqualTo(200);
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
		HttpRequest.Builder builder = request(path, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		return send(builder.build());
	}

	/** POSTs one file as the multipart part {@code file}. */
	public HttpResponse<String> postFile(String path, String filename, byte[] content, String... headers) {
		String boundary = "lantern-test-boundary";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes();
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
		byte[] body = new byte[head.length + content.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(content, 0, body, head.length, content.length);
		System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
		return post(path, "multipart/form-data; boundary=" + boundary, body, headers);
	}

	/** The absolute address of {@code path} on the server. */
	public URI uri(String path) {
		return URI.create(this.base + path);
	}

	/** A POST with the test API key. */
	public HttpRequest authorizedPost(String path, String contentType, byte[] body) {
		return HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.header("Authorization", "Bearer test-key")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
	}

	/** Sends a request and checks its status; returns the body. */
	public String expect(HttpRequest request, int status) {
		HttpResponse<String> response = send(request);
		org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return response.body();
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60));
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
