package dev.lantern.jobs;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.lantern.system.errors.NotFoundException;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The files jobs kept: the learning-rate finder's plot and series, training curves.
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}/artifacts")
@Tag(name = "Jobs")
class JobArtifactController {

	private final JobService jobs;

	private final JobArtifacts artifacts;

	JobArtifactController(JobService jobs, JobArtifacts artifacts) {
		this.jobs = jobs;
		this.artifacts = artifacts;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The files a job kept (plots, series): name, media type, size")
	List<JobArtifact> list(@PathVariable UUID id) {
		this.jobs.view(id);
		return this.artifacts.list(id);
	}

	@GetMapping(path = "/{name}")
	@Operation(summary = "One file a job kept, with its media type")
	ResponseEntity<byte[]> get(@PathVariable UUID id, @PathVariable String name) {
		this.jobs.view(id);
		JobArtifacts.Content content = this.artifacts.find(id, name)
			.orElseThrow(() -> new NotFoundException("Job " + id + " kept no file named '" + name + "'"));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(content.mediaType()))
			.cacheControl(CacheControl.noCache())
			.header("X-Content-Type-Options", "nosniff")
			.body(content.content());
	}

}
