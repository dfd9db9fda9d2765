package dev.lantern.system;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where Lantern keeps its state on disk.
 *
 * @param dataDir the data directory: the embedded H2 database and, unless
 * {@code lantern.model-store.path} says otherwise, the model store live below it (env
 * {@code LANTERN_DATA_DIR}, default {@code ./data})
 */
@ConfigurationProperties("lantern")
@Validated
public record LanternProperties(@NotNull Path dataDir) {

}
