package dev.lantern.models.registry;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The model registry.
 *
 * @param maxArchiveSize the most an imported model archive may hold once uncompressed
 * (all files together); a larger one is refused with 413 (default 2GB)
 * @param maxArchiveEntries the most files an imported archive may hold (default 100)
 */
@ConfigurationProperties("lantern.models")
@Validated
public record ModelsProperties(@NotNull DataSize maxArchiveSize, @Min(2) int maxArchiveEntries) {

}
