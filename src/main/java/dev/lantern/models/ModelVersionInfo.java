package dev.lantern.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A registered model version's metadata.
 *
 * @param name the model's name
 * @param version the version number, from 1
 * @param kind {@code tabular} or {@code vision}
 * @param isDefault whether it is the model's default version
 * @param jobId the job that trained it, or null
 * @param pretrained whether pretrained weights were used
 * @param inputSchema what the model takes
 * @param labels class labels, empty for regression
 * @param metrics final figures
 * @param createdAt when it was registered
 * @param weights the pretrained weights its training started from, or null (random
 * weights, or a version registered before they were recorded)
 */
public record ModelVersionInfo(String name, int version, String kind, boolean isDefault, UUID jobId, boolean pretrained,
		Map<String, Object> inputSchema, List<String> labels, Map<String, Double> metrics, Instant createdAt,
		WeightsSource weights) {

	/** A version without recorded pretrained weights. */
	public ModelVersionInfo(String name, int version, String kind, boolean isDefault, UUID jobId, boolean pretrained,
			Map<String, Object> inputSchema, List<String> labels, Map<String, Double> metrics, Instant createdAt) {
		this(name, version, kind, isDefault, jobId, pretrained, inputSchema, labels, metrics, createdAt, null);
	}

}
