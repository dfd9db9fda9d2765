package dev.lantern.system.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem types of Lantern's errors, one per status: every problem the service
 * produces, whether a controller, the framework, the security filters or Tomcat made it,
 * carries one of these, a title and a detail.
 */
public final class ProblemTypes {

	/** Where the types live; the last path segment names the problem. */
	public static final String BASE = "https://lantern.dev/problems/";

	private ProblemTypes() {
	}

	/** The type of a problem with this status. */
	public static URI forStatus(int status) {
		return URI.create(BASE + slug(status));
	}

	/**
	 * A problem with a type, a title and a detail.
	 * @param status the status
	 * @param detail what is wrong, in words a client can act on
	 */
	public static ProblemDetail problem(int status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
		problem.setType(forStatus(status));
		return problem;
	}

	/** Gives a problem made elsewhere (with the default {@code about:blank}) its type. */
	public static ProblemDetail typed(ProblemDetail problem) {
		if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
			problem.setType(forStatus(problem.getStatus()));
		}
		if (problem.getTitle() == null) {
			HttpStatus status = HttpStatus.resolve(problem.getStatus());
			problem.setTitle((status != null) ? status.getReasonPhrase() : "Error");
		}
		return problem;
	}

	private static String slug(int status) {
		return switch (status) {
			case 400 -> "invalid-request";
			case 401 -> "unauthorized";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 409 -> "conflict";
			case 413 -> "payload-too-large";
			case 414 -> "uri-too-long";
			case 415 -> "unsupported-media-type";
			case 429, 503 -> "capacity";
			case 431 -> "headers-too-large";
			case 504 -> "timeout";
			default -> (status >= 500) ? "internal-error" : "client-error";
		};
	}

}
