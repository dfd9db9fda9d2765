package dev.lantern.system.web;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Request size limits.
 *
 * @param maxUploadSize the largest single uploaded file (datasets, images, model
 * archives); a larger one gets 413
 * @param maxRequestSize the largest multipart request in total, and the largest other
 * request body (raw images, CSV, JSON), also when sent chunked
 */
@ConfigurationProperties("lantern.limits")
@Validated
public record LimitsProperties(@NotNull DataSize maxUploadSize, @NotNull DataSize maxRequestSize) {

}
