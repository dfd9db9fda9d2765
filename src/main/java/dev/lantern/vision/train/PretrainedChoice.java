package dev.lantern.vision.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A {@code vision-train} spec's {@code pretrained}: {@code true} (the architecture's
 * default weights), {@code false} (random weights) or the id of imported weights
 * ({@code /api/v1/pretrained}).
 *
 * @param enabled whether the body starts from pretrained weights
 * @param weightsId the imported weights to start from, or null for the architecture's
 * default weights
 */
@Schema(description = "true (the architecture's default weights: the newest imported weights of that architecture "
		+ "and width, else the configured directory's file), false (random weights), or the id of imported weights",
		oneOf = { Boolean.class, String.class }, example = "true")
public record PretrainedChoice(boolean enabled, String weightsId) {

	/** The default: the architecture's default weights. */
	public static final PretrainedChoice DEFAULT = new PretrainedChoice(true, null);

	/** Random weights. */
	public static final PretrainedChoice NONE = new PretrainedChoice(false, null);

	public PretrainedChoice {
		if (weightsId != null && !enabled) {
			throw new IllegalArgumentException("Weights named by id are pretrained weights");
		}
	}

	/** The imported weights of that id. */
	public static PretrainedChoice weights(String id) {
		return new PretrainedChoice(true, id);
	}

	/**
	 * Reads the JSON value: a boolean or a string (the weights' id, or {@code "true"} or
	 * {@code "false"} as forms send them); anything else is refused.
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	static PretrainedChoice fromJson(Object value) {
		if (value instanceof Boolean enabled) {
			return enabled ? DEFAULT : NONE;
		}
		if (value instanceof String text) {
			String id = text.strip();
			if (id.equals("true") || id.equals("false")) {
				return fromJson(Boolean.valueOf(id));
			}
			return weights(id);
		}
		throw new IllegalArgumentException("pretrained is true, false or a weights id");
	}

	/** The JSON value: {@code true}, {@code false} or the weights' id. */
	@JsonValue
	Object toJson() {
		return (this.weightsId != null) ? this.weightsId : this.enabled;
	}

}
