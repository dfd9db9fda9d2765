package dev.lantern.system.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents, in the OpenAPI description, the 413 of an endpoint whose input is bounded by
 * configured limits and, when {@link #busy()} is set, the 429 with {@code Retry-After} of
 * one that waits for a bounded resource. The generated 200 stays as springdoc infers it
 * (an {@code @ApiResponse} would replace it).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface LimitedInput {

	/** When the endpoint answers 413: the limits, by their settings. */
	String tooLarge();

	/** When the endpoint answers 429; none when empty. */
	String busy() default "";

}
