package dev.lantern.system;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.lantern.system.backend.Device;

/**
 * What {@code GET /api/v1/system} answers.
 *
 * @param instance this replica's id
 * @param backend the ND4J backend: {@code backend} (cpu or cuda), implementation class,
 * platform, native build flags, default data type
 * @param devices the devices found
 * @param threads thread settings
 * @param versions library versions
 * @param instances the replicas sharing the database, with their last heartbeat
 * @param sections what the features report (for example the job queue per device)
 */
@Schema(description = "The state of this Lantern instance: backend, devices, threads, versions")
public record SystemReport(String instance, Map<String, Object> backend, List<Device> devices,
		Map<String, Object> threads, Map<String, String> versions, List<Instances.Instance> instances,
		@Schema(description = "What the features report: jobs (the queue per device), inference (workers, queues "
				+ "and batch limits per model), onednn (which layer types run through oneDNN), nativeMemory (whether native "
				+ "buffers get huge pages, JavaCPP's limits, resident bytes)") Map<String, Object> sections) {

}
