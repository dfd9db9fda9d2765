package dev.lantern.training;

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
 * A {@link LearningRate} is {@code "auto"} or a finite number above 0 and at most
 * {@link #max()}. Null is valid (the default applies).
 */
@Documented
@Constraint(validatedBy = ValidLearningRate.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
		ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidLearningRate {

	String message() default "must be \"auto\" or a finite number above 0 and at most {max}";

	/** The largest rate accepted. */
	double max() default 10;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks the bounds. */
	class Validator implements ConstraintValidator<ValidLearningRate, LearningRate> {

		private double max;

		@Override
		public void initialize(ValidLearningRate annotation) {
			this.max = annotation.max();
		}

		@Override
		public boolean isValid(LearningRate rate, ConstraintValidatorContext context) {
			if (rate == null || rate.auto()) {
				return true;
			}
			double value = rate.value();
			return Double.isFinite(value) && value > 0 && value <= this.max;
		}

	}

}
