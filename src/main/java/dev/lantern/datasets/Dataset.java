package dev.lantern.datasets;

import java.time.Instant;
import java.util.Map;

/**
 * A stored dataset.
 *
 * @param id its id
 * @param name a name for people
 * @param kind {@code tabular} or {@code images}
 * @param createdAt when it was stored
 * @param report what the importer or generator reported (profile, counts, skipped files)
 */
public record Dataset(String id, String name, String kind, Instant createdAt, Map<String, Object> report) {

}
