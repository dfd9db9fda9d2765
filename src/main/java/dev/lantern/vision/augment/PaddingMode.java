package dev.lantern.vision.augment;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.lantern.system.errors.InvalidInputException;

/**
 * What a transform shows where it looks outside the image, as PyTorch's
 * {@code grid_sample} padding modes that fastai uses.
 */
public enum PaddingMode {

	/** Mirror the image at its edges (fastai's default). */
	REFLECTION,

	/** Black. */
	ZEROS,

	/** Repeat the edge pixels. */
	BORDER;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Reads a mode by its name in any case.
	 * @throws InvalidInputException naming {@code field} for an unknown mode
	 */
	public static PaddingMode parse(String field, String value) {
		for (PaddingMode mode : values()) {
			if (mode.name().equalsIgnoreCase(value.trim())) {
				return mode;
			}
		}
		throw InvalidInputException.field(field,
				"'" + field + "' must be one of reflection, zeros, border; got '" + value + "'");
	}

	@JsonCreator
	static PaddingMode fromJson(String value) {
		return parse("transforms.padding", value);
	}

}
