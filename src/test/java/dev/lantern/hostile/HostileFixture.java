package dev.lantern.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the corpus runs against: a server with a trained tabular and a trained vision
 * model and their datasets, and two ways to reach it (a normal HTTP client, and raw bytes
 * over a socket for requests no client library would send).
 *
 * @param port the server's port
 * @param key a valid API key
 * @param salesModel a trained Rossmann model
 * @param petsModel a trained vision model
 * @param rossmannDataset the Rossmann sample dataset's id
 * @param petsDataset the pets sample dataset's id
 */
public record HostileFixture(int port, String key, String salesModel, String petsModel, String rossmannDataset,
		String petsDataset) {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	/** The absolute address of a path on the server. */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** A request builder for a path, with the API key. */
	public HttpRequest.Builder authorized(String path) {
		return HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(120))
			.header("Authorization", "Bearer " + this.key);
	}

	/** Sends a request with the JDK's client. */
	public HostileResponse send(HttpRequest request) {
		try {
			HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
			Map<String, List<String>> headers = new LinkedHashMap<>();
			response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
			return new HostileResponse(response.statusCode(), headers, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("The server did not answer " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends raw bytes (a whole HTTP/1.1 request, ending with {@code Connection: close})
	 * and reads the answer to the end.
	 */
	public HostileResponse sendRaw(byte[] request) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			return parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException("The server did not answer a raw request", ex);
		}
	}

	/** A raw request's text with CRLF line ends; {@code \n} in the text become CRLF. */
	public static byte[] raw(String text) {
		return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
	}

	private static HostileResponse parse(byte[] answer) throws IOException {
		String text = new String(answer, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			throw new IOException("No complete response head in " + answer.length + " bytes: " + text);
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers
				.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						(name) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).trim());
		}
		byte[] body = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
		List<String> encoding = headers.get("transfer-encoding");
		if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
			body = dechunk(body);
		}
		return new HostileResponse(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		InputStream in = new java.io.ByteArrayInputStream(chunked);
		while (true) {
			StringBuilder size = new StringBuilder();
			int c;
			while ((c = in.read()) != -1 && c != '\n') {
				if (c != '\r') {
					size.append((char) c);
				}
			}
			int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
			if (length == 0) {
				return out.toByteArray();
			}
			out.write(in.readNBytes(length));
			in.readNBytes(2);
		}
	}

}
