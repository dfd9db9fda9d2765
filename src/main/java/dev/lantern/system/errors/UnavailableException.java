package dev.lantern.system.errors;

import java.time.Duration;

/**
 * The work cannot be taken now (an inference queue is full, a version is still loading,
 * the service is shutting down): the caller may retry after {@link #retryAfter()}.
 */
public class UnavailableException extends LanternException {

	private final Duration retryAfter;

	public UnavailableException(String message, Duration retryAfter) {
		super(message, null);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
