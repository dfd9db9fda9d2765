package dev.lantern.models.runtime;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The inference runtime: model cache, device workers, batching, queues and time limits.
 *
 * @param cacheSize the memory that loaded model versions may hold together, counting
 * every worker's copy ({@code ServableModel.estimatedBytes()} times the workers); the
 * least recently used version is unloaded beyond it (default 2GB). Each copy counts its
 * weights plus the activation memory of its largest batch (at most {@code worker-memory})
 * @param workerMemory the most native memory the activations of one worker's batch may
 * take, by the version's estimate per example
 * ({@code ServableModel.activationBytesPerExample()}): batches are cut so that their
 * examples stay within it, and a version whose single example needs more does not load
 * (default 1GB, from 1MB to 1TB)
 * @param workersPerDevice worker threads per device for each loaded version, each with
 * its own model copy (default 1: ND4J already uses every core for one call; at most 64).
 * A version holds exactly this many copies per device, however many requests wait, and
 * the cache bound counts them all
 * @param maxBatchSize the most inputs that run as one batch (default 32, at most 4096):
 * it bounds the activations a worker allocates in one call
 * @param maxBatchDelay how long a worker waits for more requests to fill a batch after
 * taking the first; 0 batches only what is already queued, which still forms large
 * batches under load because requests queue up while a batch runs (default 0ms)
 * @param queueCapacity the most requests waiting per loaded version; beyond it requests
 * get 503 with {@code Retry-After} (default 256, at most 65536)
 * @param requestTimeout how long a request may wait and run in total before it gets 504
 * (default 30s)
 * @param loadTimeout how long a request waits for its model version to load (default 5m)
 * @param metadataTtl how long a replica trusts what it read about a model (its default
 * version, a version's metadata): a default switched on another replica is served after
 * at most this long (default 2s)
 * @param idleUnload a version not used for this long is unloaded; 0 keeps versions until
 * the cache bound pushes them out (default 1h)
 * @param retryAfter the {@code Retry-After} sent with 503 when a queue is full (default
 * 1s)
 */
@ConfigurationProperties("lantern.inference")
@Validated
public record InferenceProperties(@NotNull DataSize cacheSize,
		@NotNull @DataSizeRange(min = "1MB", max = "1TB") DataSize workerMemory, @Min(1) @Max(64) int workersPerDevice,
		@Min(1) @Max(4096) int maxBatchSize, @NotNull Duration maxBatchDelay, @Min(1) @Max(65536) int queueCapacity,
		@NotNull Duration requestTimeout, @NotNull Duration loadTimeout, @NotNull Duration metadataTtl,
		@NotNull Duration idleUnload, @NotNull Duration retryAfter) {

}
