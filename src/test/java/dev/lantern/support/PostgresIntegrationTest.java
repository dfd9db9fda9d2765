package dev.lantern.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.annotation.Import;

/**
 * Marks a test that runs against PostgreSQL (see {@link PostgresDatabases}). Skipped,
 * with the reason, where neither Docker nor a local server is reachable, unless
 * {@code LANTERN_TEST_REQUIRE_POSTGRES=true} (as CI sets it), where it fails instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("postgres")
@ExtendWith(PostgresAvailableCondition.class)
@Import(PostgresTestConfiguration.class)
public @interface PostgresIntegrationTest {

}
