package dev.lantern.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips browser tests where Chromium or chromedriver is missing, saying why; fails them
 * instead when {@code LANTERN_TEST_REQUIRE_BROWSER=true} (as CI sets it).
 */
class BrowserAvailableCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String reason = Browsers.unavailableReason();
		if (reason == null) {
			return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
		}
		if ("true".equalsIgnoreCase(System.getenv("LANTERN_TEST_REQUIRE_BROWSER"))) {
			throw new IllegalStateException("A browser is required (LANTERN_TEST_REQUIRE_BROWSER=true) but " + reason);
		}
		return ConditionEvaluationResult.disabled("Skipped: " + reason);
	}

}
