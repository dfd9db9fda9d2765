package dev.lantern.system.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report, for requests refused before any servlet ran (an encoded slash or
 * a NUL byte in the path, an over-long URL or header): a problem document with no server
 * details, instead of Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String detail = switch (status) {
			case 400 -> "The request is malformed, or its URL or headers are not allowed (an encoded slash, "
					+ "a control character, or longer than the server accepts)";
			case 404 -> "There is no endpoint at this path";
			case 405 -> "This method is not allowed here";
			case 413 -> "The request is larger than allowed";
			case 414 -> "The request's URL is longer than allowed";
			case 431 -> "The request's headers are larger than allowed";
			default -> (status >= 500) ? "An unexpected error occurred" : "The request cannot be served";
		};
		String title = org.springframework.http.HttpStatus.resolve(status) != null
				? org.springframework.http.HttpStatus.resolve(status).getReasonPhrase() : "Error";
		String json = "{\"type\":\"" + ProblemTypes.forStatus(status) + "\",\"title\":\"" + title + "\",\"status\":"
				+ status + ",\"detail\":\"" + detail + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(json);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response was committed: nothing more to say.
		}
	}

}
