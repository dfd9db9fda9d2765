package dev.lantern.vision;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A floating-point number that is null or finite. {@code NaN} passes
 * {@code @DecimalMin}/{@code @DecimalMax} (every comparison with it is false), and
 * {@code 1e309} parses as infinity, so every float parameter carries this next to its
 * range.
 */
@Documented
@Constraint(validatedBy = Finite.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface Finite {

	String message() default "must be a finite number";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks a {@code Double} or {@code Float}. */
	class Validator implements ConstraintValidator<Finite, Number> {

		@Override
		public boolean isValid(Number value, ConstraintValidatorContext context) {
			return value == null || Double.isFinite(value.doubleValue());
		}

	}

}
