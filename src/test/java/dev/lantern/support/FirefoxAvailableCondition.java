package dev.lantern.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips Firefox tests where Firefox is missing, saying why; fails them instead when
 * {@code LANTERN_TEST_REQUIRE_FIREFOX=true} (as CI sets it).
 */
class FirefoxAvailableCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String reason = FirefoxBiDi.unavailableReason();
		if (reason == null) {
			return ConditionEvaluationResult.enabled("Firefox is installed");
		}
		if ("true".equalsIgnoreCase(System.getenv("LANTERN_TEST_REQUIRE_FIREFOX"))) {
			throw new IllegalStateException("Firefox is required (LANTERN_TEST_REQUIRE_FIREFOX=true) but " + reason);
		}
		return ConditionEvaluationResult.disabled("Skipped: " + reason);
	}

}
