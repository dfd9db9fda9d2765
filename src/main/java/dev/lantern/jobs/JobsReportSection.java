package dev.lantern.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.system.SystemReportSection;
import dev.lantern.system.backend.ComputeBackend;

import org.springframework.stereotype.Component;

/**
 * The {@code jobs} section of {@code GET /api/v1/system}: per device its slots and the
 * ids of the jobs it runs on this replica, and the jobs queued over all replicas.
 */
@Component
class JobsReportSection implements SystemReportSection {

	private final ComputeBackend backend;

	private final ActiveJobs active;

	private final JobProperties properties;

	private final JobRepository jobs;

	private final JobTypes types;

	JobsReportSection(ComputeBackend backend, ActiveJobs active, JobProperties properties, JobRepository jobs,
			JobTypes types) {
		this.backend = backend;
		this.active = active;
		this.properties = properties;
		this.jobs = jobs;
		this.types = types;
	}

	@Override
	public String name() {
		return "jobs";
	}

	@Override
	public Object content() {
		List<Map<String, Object>> devices = this.backend.devices().stream().map((device) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("device", device.id());
			entry.put("slots", this.properties.slotsPerDevice());
			entry.put("running", this.active.on(device.id()));
			return entry;
		}).toList();
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("devices", devices);
		content.put("queued", this.jobs.countQueued());
		content.put("types", List.copyOf(this.types.names()));
		return content;
	}

}
