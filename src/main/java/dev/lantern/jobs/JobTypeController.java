package dev.lantern.jobs;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The job types this replica runs and the defaults of their specs, for clients that build
 * a form per type (the console's Train page).
 */
@RestController
@Tag(name = "Jobs", description = "The job queue: training runs and other long work, on the devices of all replicas")
class JobTypeController {

	private final JobTypes types;

	JobTypeController(JobTypes types) {
		this.types = types;
	}

	@GetMapping(path = "/api/v1/jobs/types", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The job types, by name, with the values their specs take for fields left out")
	List<JobTypeView> list() {
		return this.types.all().stream().map((type) -> new JobTypeView(type.name(), type.defaults())).toList();
	}

	/**
	 * A job type.
	 *
	 * @param name its name, the {@code type} of a job
	 * @param defaults what its spec's optional fields default to, or null
	 */
	record JobTypeView(String name, Object defaults) {

	}

}
