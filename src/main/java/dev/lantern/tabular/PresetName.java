package dev.lantern.tabular;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The name of a {@link TabularPreset} bean, or null. Checked when a job is submitted, so
 * that an unknown preset is refused before the job is queued.
 */
@Documented
@Constraint(validatedBy = PresetNameValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PresetName {

	String message() default "is not a tabular preset";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
