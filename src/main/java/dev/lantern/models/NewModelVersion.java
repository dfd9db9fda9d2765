package dev.lantern.models;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.lantern.models.store.ModelStore;

/**
 * A trained model about to become a new version in the registry.
 *
 * @param name the model's name (letters, digits, dot, dash, underscore)
 * @param kind {@code tabular} or {@code vision}: the {@link ModelFormat} that loads it
 * @param jobId the job that trained it, or null
 * @param pretrained whether pretrained weights were used
 * @param inputSchema what the model takes (columns and types, image size), shown to
 * clients
 * @param labels class labels, empty for regression
 * @param metrics final figures (validation loss, rmspe, error_rate, ...)
 * @param files the version's files by name (for example {@code model.zip},
 * {@code procs.json}); each is written atomically and the version becomes visible only
 * once all are in place
 * @param weights the pretrained weights training started from, or null
 */
public record NewModelVersion(String name, String kind, UUID jobId, boolean pretrained, Map<String, Object> inputSchema,
		List<String> labels, Map<String, Double> metrics, Map<String, ModelStore.ArtifactWriter> files,
		WeightsSource weights) {

	/** A version trained without recorded pretrained weights. */
	public NewModelVersion(String name, String kind, UUID jobId, boolean pretrained, Map<String, Object> inputSchema,
			List<String> labels, Map<String, Double> metrics, Map<String, ModelStore.ArtifactWriter> files) {
		this(name, kind, jobId, pretrained, inputSchema, labels, metrics, files, null);
	}

}
