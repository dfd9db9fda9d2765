package dev.lantern.models.runtime;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Per-model inference metrics, tagged with {@code model} and {@code operation}:
 * <ul>
 * <li>{@code lantern.inference.requests}: requests received</li>
 * <li>{@code lantern.inference.errors}: requests that failed, tagged {@code reason}
 * ({@code rejected} 503, {@code timeout} 504, {@code invalid} 4xx, {@code failed})</li>
 * <li>{@code lantern.inference.queue.wait}: time from enqueue to the start of the
 * batch</li>
 * <li>{@code lantern.inference.duration}: time a batch ran on a worker</li>
 * <li>{@code lantern.inference.batch.size}: inputs per batch (histogram)</li>
 * <li>{@code lantern.inference.queue.depth}: requests waiting, per loaded version</li>
 * <li>{@code lantern.inference.batch.limit}: the most examples a worker runs in one pass
 * under {@code worker-memory}, per loaded version</li>
 * </ul>
 */
@Component
public class InferenceMetrics {

	private static final double[] BATCH_BUCKETS = { 1, 2, 4, 8, 16, 32, 64, 128, 256 };

	private final MeterRegistry registry;

	InferenceMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void request(String model, String operation) {
		Counter.builder("lantern.inference.requests")
			.description("Inference requests received")
			.tags("model", model, "operation", operation)
			.register(this.registry)
			.increment();
	}

	void error(String model, String operation, String reason) {
		Counter.builder("lantern.inference.errors")
			.description("Inference requests that failed")
			.tags("model", model, "operation", operation, "reason", reason)
			.register(this.registry)
			.increment();
	}

	void queueWait(String model, String operation, long nanos) {
		Timer.builder("lantern.inference.queue.wait")
			.description("Time requests waited for a worker")
			.tags("model", model, "operation", operation)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	void batch(String model, String operation, int size, long nanos) {
		Timer.builder("lantern.inference.duration")
			.description("Time a batch ran on a worker")
			.tags("model", model, "operation", operation)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
		batchSize(model, operation).record(size);
	}

	/** The batch-size distribution of a model's operation. */
	public DistributionSummary batchSize(String model, String operation) {
		return DistributionSummary.builder("lantern.inference.batch.size")
			.description("Inputs per batch")
			.tags("model", model, "operation", operation)
			.serviceLevelObjectives(BATCH_BUCKETS)
			.register(this.registry);
	}

	Meter queueDepth(VersionKey key, Supplier<Number> depth) {
		return Gauge.builder("lantern.inference.queue.depth", depth)
			.description("Requests waiting for a worker")
			.tags("model", key.name(), "version", Integer.toString(key.version()))
			.register(this.registry);
	}

	Meter batchLimit(VersionKey key, int examples) {
		return Gauge.builder("lantern.inference.batch.limit", () -> examples)
			.description("The most examples a worker runs in one pass (lantern.inference.worker-memory)")
			.tags("model", key.name(), "version", Integer.toString(key.version()))
			.register(this.registry);
	}

	void remove(Meter meter) {
		this.registry.remove(meter);
	}

}
