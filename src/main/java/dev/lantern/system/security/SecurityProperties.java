package dev.lantern.system.security;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * API-key security. Mutating endpoints (uploads, jobs, deletes, model changes) always
 * need a key; reads and inference need one only when switched on here.
 *
 * @param apiKeys accepted keys, a comma-separated list (env
 * {@code LANTERN_SECURITY_API_KEYS})
 * @param apiKeysFile a file with more keys, one per line or comma-separated, for example
 * a mounted Kubernetes secret; read at startup
 * @param protectReads whether GET endpoints of the API need a key
 * @param protectInference whether inference endpoints (predict, classify, heatmap, the
 * KServe V2 protocol, the vision playgrounds) need a key
 * @param generateKey when no key is configured, generate one, keep it in
 * {@code <data-dir>/api-key} and log where it is; when false and no key is configured,
 * every mutating request is refused
 */
@ConfigurationProperties("lantern.security")
@Validated
public record SecurityProperties(@NotNull List<String> apiKeys, Path apiKeysFile, boolean protectReads,
		boolean protectInference, boolean generateKey) {

}
