package dev.lantern.models.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.springframework.util.unit.DataSize;

/**
 * A {@link DataSize} setting between {@link #min()} and {@link #max()}, both included
 * (written as in configuration: {@code 1MB}, {@code 1TB}). Null is valid here; pair it
 * with {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = DataSizeRange.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface DataSizeRange {

	String message() default "must be between {min} and {max}";

	/** The smallest size accepted. */
	String min();

	/** The largest size accepted. */
	String max();

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks the bounds. */
	class Validator implements ConstraintValidator<DataSizeRange, DataSize> {

		private DataSize min;

		private DataSize max;

		@Override
		public void initialize(DataSizeRange annotation) {
			this.min = DataSize.parse(annotation.min());
			this.max = DataSize.parse(annotation.max());
		}

		@Override
		public boolean isValid(DataSize value, ConstraintValidatorContext context) {
			return value == null || (value.compareTo(this.min) >= 0 && value.compareTo(this.max) <= 0);
		}

	}

}
