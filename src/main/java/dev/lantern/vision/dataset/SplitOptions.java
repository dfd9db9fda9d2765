package dev.lantern.vision.dataset;

import java.util.Map;

import dev.lantern.system.errors.InvalidInputException;

/** Reads the validation split options of an import. */
final class SplitOptions {

	private SplitOptions() {
	}

	static double validPct(Map<String, String> options, double fallback) {
		String value = options.get("validPct");
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			double pct = Double.parseDouble(value);
			if (pct >= 0 && pct < 1) {
				return pct;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw InvalidInputException.field("validPct", "'validPct' must be a number in [0, 1); got '" + value + "'");
	}

	static long seed(Map<String, String> options, long fallback) {
		String value = options.get("seed");
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw InvalidInputException.field("seed", "'seed' must be an integer; got '" + value + "'");
		}
	}

}
