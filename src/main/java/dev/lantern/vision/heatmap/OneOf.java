package dev.lantern.vision.heatmap;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A string that is null or one of the given values, in any case (a setting such as
 * {@code method=gradcam}). Unlike a {@code @Pattern}, it puts no case-insensitive regular
 * expression into the OpenAPI document, which JavaScript clients could not compile.
 */
@Documented
@Constraint(validatedBy = OneOf.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface OneOf {

	/** The accepted values. */
	String[] value();

	String message() default "must be one of {value}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks a string against {@link OneOf#value()}, ignoring case. */
	class Validator implements ConstraintValidator<OneOf, String> {

		private String[] accepted = {};

		@Override
		public void initialize(OneOf constraint) {
			this.accepted = constraint.value();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || Arrays.stream(this.accepted).anyMatch(value::equalsIgnoreCase);
		}

	}

}
