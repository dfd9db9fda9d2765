package dev.lantern.system.web;

import java.io.IOException;

/**
 * A request body grew past {@code lantern.limits.max-request-size} while it was read.
 */
class BodyTooLargeException extends IOException {

	private final long max;

	BodyTooLargeException(long max) {
		super("The request body is larger than " + max + " bytes");
		this.max = max;
	}

	String detail() {
		return detail(this.max);
	}

	static String detail(long max) {
		return "The request body is larger than allowed: at most " + (max / (1024 * 1024))
				+ " MB (lantern.limits.max-request-size)";
	}

	static String problemJson(long max) {
		return "{\"type\":\"https://lantern.dev/problems/payload-too-large\",\"title\":\"Payload too large\","
				+ "\"status\":413,\"detail\":\"" + detail(max) + "\"}";
	}

}
