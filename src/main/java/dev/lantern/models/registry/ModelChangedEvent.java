package dev.lantern.models.registry;

/**
 * Published after a model's default version changed or one of its versions was deleted on
 * this instance, so that caches drop what they hold about it at once (other replicas
 * notice within {@code lantern.inference.metadata-ttl}).
 *
 * @param name the model
 * @param deletedVersion the version deleted, or null when only the default changed
 */
public record ModelChangedEvent(String name, Integer deletedVersion) {

}
