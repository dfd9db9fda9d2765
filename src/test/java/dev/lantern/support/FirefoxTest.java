package dev.lantern.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that drives Firefox over WebDriver BiDi (see {@link FirefoxBiDi}).
 * Skipped, with the reason, where Firefox is missing, unless
 * {@code LANTERN_TEST_REQUIRE_FIREFOX=true} (as CI sets it), where it fails instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("browser")
@ExtendWith(FirefoxAvailableCondition.class)
public @interface FirefoxTest {

}
