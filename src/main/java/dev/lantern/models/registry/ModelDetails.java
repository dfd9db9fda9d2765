package dev.lantern.models.registry;

import java.util.List;

import dev.lantern.models.ModelVersionInfo;

/**
 * A model with all its versions.
 *
 * @param name the model's name
 * @param defaultVersion the version served when none is named
 * @param versions its versions, oldest first
 */
public record ModelDetails(String name, Integer defaultVersion, List<ModelVersionInfo> versions) {

}
