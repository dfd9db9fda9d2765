package dev.lantern.system.web;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A domain error that carries its HTTP status and becomes an RFC 9457
 * {@code application/problem+json} response. Features throw it through the factory
 * methods; the detail must name what is wrong (the field, the file, the model) in words a
 * client can act on.
 */
public class ProblemException extends ErrorResponseException {

	static final String TYPE_BASE = "https://lantern.dev/problems/";

	private final transient HttpHeaders headers = new HttpHeaders();

	protected ProblemException(HttpStatus status, String type, String detail, Throwable cause) {
		super(status, problem(status, type, detail), cause);
	}

	private static ProblemDetail problem(HttpStatus status, String type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		return problem;
	}

	/** 400: the request is well-formed but something in it is not acceptable. */
	public static ProblemException badRequest(String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", detail, null);
	}

	/** 400, naming the field that is wrong. */
	public static ProblemException invalidField(String field, String detail) {
		ProblemException problem = new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", detail, null);
		problem.getBody().setProperty("field", field);
		return problem;
	}

	/** 404: {@code what} (for example "model") named {@code name} does not exist. */
	public static ProblemException notFound(String what, Object name) {
		return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "No " + what + " '" + name + "'", null);
	}

	/** 409: the request conflicts with the current state. */
	public static ProblemException conflict(String detail) {
		return new ProblemException(HttpStatus.CONFLICT, "conflict", detail, null);
	}

	/** 413: an upload or a part of it is larger than allowed. */
	public static ProblemException payloadTooLarge(String detail) {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", detail, null);
	}

	/** 415: the body is of a type this endpoint does not read. */
	public static ProblemException unsupportedMediaType(String detail) {
		return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", detail, null);
	}

	/** 429 with {@code Retry-After}: the client should slow down. */
	public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
		return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "capacity", detail, null).retryAfter(retryAfter);
	}

	/** 503 with {@code Retry-After}: the service is at capacity or not ready. */
	public static ProblemException unavailable(String detail, Duration retryAfter) {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "capacity", detail, null).retryAfter(retryAfter);
	}

	/** 504: the work did not finish within its time limit. */
	public static ProblemException timeout(String detail) {
		return new ProblemException(HttpStatus.GATEWAY_TIMEOUT, "timeout", detail, null);
	}

	/** Adds a property to the problem body, for example the invalid record's index. */
	public ProblemException with(String property, Object value) {
		getBody().setProperty(property, value);
		return this;
	}

	private ProblemException retryAfter(Duration retryAfter) {
		this.headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
		return this;
	}

	/** {@code Retry-After} in whole seconds, at least one. */
	static String retryAfterSeconds(Duration retryAfter) {
		return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
