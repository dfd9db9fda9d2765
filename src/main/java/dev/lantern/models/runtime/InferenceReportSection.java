package dev.lantern.models.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.system.SystemReportSection;

import org.springframework.stereotype.Component;

/**
 * The {@code inference} section of {@code GET /api/v1/system}: the loaded versions with
 * their workers, estimated memory, batch caps and queue depths, and the runtime's limits.
 */
@Component
class InferenceReportSection implements SystemReportSection {

	private final InferenceRuntime runtime;

	private final InferenceProperties properties;

	InferenceReportSection(InferenceRuntime runtime, InferenceProperties properties) {
		this.runtime = runtime;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "inference";
	}

	@Override
	public Object content() {
		List<InferenceRuntime.LoadedVersion> loaded = this.runtime.loadedVersions();
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("cacheSizeBytes", this.properties.cacheSize().toBytes());
		content.put("loadedBytes", loaded.stream().mapToLong(InferenceRuntime.LoadedVersion::estimatedBytes).sum());
		content.put("queued", loaded.stream().mapToInt(InferenceRuntime.LoadedVersion::queued).sum());
		content.put("workerMemoryBytes", this.properties.workerMemory().toBytes());
		content.put("workersPerDevice", this.properties.workersPerDevice());
		content.put("maxBatchSize", this.properties.maxBatchSize());
		content.put("maxBatchDelayMs", this.properties.maxBatchDelay().toMillis());
		content.put("queueCapacity", this.properties.queueCapacity());
		content.put("requestTimeoutMs", this.properties.requestTimeout().toMillis());
		content.put("loaded", loaded);
		return content;
	}

}
