package dev.lantern.jobs;

import java.time.Instant;

/**
 * A file a job kept, as listed by {@code GET /api/v1/jobs/{id}/artifacts}.
 *
 * @param name its name, served at {@code /api/v1/jobs/{id}/artifacts/{name}}
 * @param mediaType its media type, for example {@code image/png}
 * @param bytes its size
 * @param createdAt when the job kept it
 */
public record JobArtifact(String name, String mediaType, long bytes, Instant createdAt) {

}
