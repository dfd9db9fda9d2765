package dev.lantern.jobs;

import java.util.Map;

/**
 * What a finished job produced.
 *
 * @param modelName the model it published, or null
 * @param modelVersion the version it published, or null
 * @param details anything else worth showing with the job (figures, paths)
 */
public record JobOutcome(String modelName, Integer modelVersion, Map<String, Object> details) {

	public static JobOutcome of(Map<String, Object> details) {
		return new JobOutcome(null, null, details);
	}

}
