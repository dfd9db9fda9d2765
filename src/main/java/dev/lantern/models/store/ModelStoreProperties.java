package dev.lantern.models.store;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The model store: a directory (a shared volume in Kubernetes) holding every model
 * artifact.
 *
 * @param path the store's directory, default {@code <data-dir>/models}
 */
@ConfigurationProperties("lantern.model-store")
@Validated
public record ModelStoreProperties(@NotNull Path path) {

}
