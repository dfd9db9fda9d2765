package dev.lantern.models.registry;

import java.time.Instant;

/**
 * A model in the list of models.
 *
 * @param name the model's name
 * @param kind the kind of its default version
 * @param defaultVersion the version served when none is named
 * @param versions how many versions it has
 * @param latestVersion its newest version
 * @param updatedAt when a version was last added or the default last changed
 */
public record ModelSummary(String name, String kind, Integer defaultVersion, int versions, int latestVersion,
		Instant updatedAt) {

}
