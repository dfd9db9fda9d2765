package dev.lantern.system.errors;

import java.time.Duration;

/**
 * Too much work is waiting (the job queue is full): the caller should come back after
 * {@link #retryAfter()}.
 */
public class CapacityException extends LanternException {

	private final Duration retryAfter;

	public CapacityException(String message, Duration retryAfter) {
		super(message, null);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
