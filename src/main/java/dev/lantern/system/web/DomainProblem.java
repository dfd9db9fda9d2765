package dev.lantern.system.web;

import java.time.Duration;

import dev.lantern.system.errors.CapacityException;
import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.DeadlineExceededException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.system.errors.UnavailableException;
import dev.lantern.system.errors.UnsupportedFormatException;

import org.springframework.http.HttpStatus;

/**
 * The one place where a domain exception gets its HTTP status, problem type and
 * {@code Retry-After}.
 *
 * @param status the response status
 * @param type the problem type's last path segment
 * @param retryAfter how long the client should wait, or null
 */
record DomainProblem(HttpStatus status, String type, Duration retryAfter) {

	static DomainProblem of(LanternException ex) {
		if (ex instanceof InvalidInputException) {
			return new DomainProblem(HttpStatus.BAD_REQUEST, "invalid-request", null);
		}
		if (ex instanceof NotFoundException) {
			return new DomainProblem(HttpStatus.NOT_FOUND, "not-found", null);
		}
		if (ex instanceof ConflictException) {
			return new DomainProblem(HttpStatus.CONFLICT, "conflict", null);
		}
		if (ex instanceof TooLargeException) {
			return new DomainProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", null);
		}
		if (ex instanceof UnsupportedFormatException) {
			return new DomainProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", null);
		}
		if (ex instanceof CapacityException capacity) {
			return new DomainProblem(HttpStatus.TOO_MANY_REQUESTS, "capacity", capacity.retryAfter());
		}
		if (ex instanceof UnavailableException unavailable) {
			return new DomainProblem(HttpStatus.SERVICE_UNAVAILABLE, "capacity", unavailable.retryAfter());
		}
		if (ex instanceof DeadlineExceededException) {
			return new DomainProblem(HttpStatus.GATEWAY_TIMEOUT, "timeout", null);
		}
		return new DomainProblem(HttpStatus.BAD_REQUEST, "invalid-request", null);
	}

}
