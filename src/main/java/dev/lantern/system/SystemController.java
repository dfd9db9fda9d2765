package dev.lantern.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.lantern.system.backend.ComputeBackend;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/system")
@Tag(name = "System", description = "The instance, its backend and devices")
class SystemController {

	private final ComputeBackend backend;

	private final Instances instances;

	private final List<SystemReportSection> sections;

	SystemController(ComputeBackend backend, Instances instances, List<SystemReportSection> sections) {
		this.backend = backend;
		this.instances = instances;
		this.sections = sections;
	}

	@GetMapping
	@Operation(summary = "Report the ND4J backend, devices, thread settings, versions and replicas")
	SystemReport report() {
		Map<String, Object> content = new LinkedHashMap<>();
		for (SystemReportSection section : this.sections) {
			content.put(section.name(), section.content());
		}
		return new SystemReport(this.instances.self(), this.backend.describe(), this.backend.devices(),
				this.backend.threads(), this.backend.versions(), this.instances.live(), content);
	}

}
