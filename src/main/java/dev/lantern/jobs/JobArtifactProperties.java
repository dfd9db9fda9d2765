package dev.lantern.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Files jobs keep ({@code GET /api/v1/jobs/{id}/artifacts}), stored in the database.
 *
 * @param maxBytes the largest file a job may keep; a larger one is refused before it is
 * written
 * @param maxCount how many files one job may keep
 */
@ConfigurationProperties("lantern.jobs.artifacts")
@Validated
public record JobArtifactProperties(@NotNull DataSize maxBytes, @Min(1) @Max(1000) int maxCount) {

	public JobArtifactProperties {
		if (maxBytes != null && (maxBytes.toBytes() < 1 || maxBytes.toMegabytes() > 256)) {
			throw new IllegalArgumentException(
					"lantern.jobs.artifacts.max-bytes must be between 1B and 256MB, not " + maxBytes);
		}
	}

}
