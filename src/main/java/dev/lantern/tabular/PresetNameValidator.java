package dev.lantern.tabular;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link PresetName} against the preset beans. Spring's validator creates it with
 * the {@link TabularPresets} injected. The message lists the known names and does not
 * repeat the given value, which is the client's text and would otherwise be read as a
 * message template.
 */
class PresetNameValidator implements ConstraintValidator<PresetName, String> {

	private final TabularPresets presets;

	PresetNameValidator(TabularPresets presets) {
		this.presets = presets;
	}

	@Override
	public boolean isValid(String name, ConstraintValidatorContext context) {
		if (name == null || this.presets.names().contains(name)) {
			return true;
		}
		context.disableDefaultConstraintViolation();
		context
			.buildConstraintViolationWithTemplate(
					"is not a tabular preset; known presets: " + String.join(", ", this.presets.names()))
			.addConstraintViolation();
		return false;
	}

}
