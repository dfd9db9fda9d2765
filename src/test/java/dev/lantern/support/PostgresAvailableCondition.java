package dev.lantern.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips PostgreSQL tests where no PostgreSQL is reachable, saying why; fails them instead
 * when {@code LANTERN_TEST_REQUIRE_POSTGRES=true}.
 */
class PostgresAvailableCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String reason = PostgresDatabases.unavailableReason();
		if (reason == null) {
			return ConditionEvaluationResult.enabled("PostgreSQL is reachable");
		}
		if ("true".equalsIgnoreCase(System.getenv("LANTERN_TEST_REQUIRE_POSTGRES"))) {
			throw new IllegalStateException(
					"PostgreSQL is required (LANTERN_TEST_REQUIRE_POSTGRES=true) but " + reason);
		}
		return ConditionEvaluationResult.disabled("Skipped: " + reason);
	}

}
