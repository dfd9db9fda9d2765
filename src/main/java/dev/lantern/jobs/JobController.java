package dev.lantern.jobs;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.lantern.system.errors.InvalidInputException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "The job queue: training runs and other long work, on the devices of all replicas")
class JobController {

	private final JobService service;

	private final JobEvents events;

	JobController(JobService service, JobEvents events) {
		this.service = service;
		this.events = events;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Queue a job of a type with its spec; 429 with Retry-After when the queue is full")
	ResponseEntity<JobView> submit(@Valid @RequestBody JobRequest request) {
		JobView job = this.service.submit(request);
		return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List jobs, newest first, filtered by status and type")
	JobPage list(
			@Parameter(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") @RequestParam(
					required = false) String status,
			@RequestParam(required = false) String type, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		return this.service.list(status(status), (type == null || type.isBlank()) ? null : type, page, size);
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A job: status, queue position, device, progress, metrics history, result")
	JobView get(@PathVariable UUID id) {
		return this.service.view(id);
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Server-Sent Events of a job's progress and status, from its current state to its end")
	SseEmitter events(@PathVariable UUID id) {
		SseEmitter emitter = new SseEmitter(this.events.timeout().toMillis());
		this.events.stream(id, new SseSink(emitter));
		return emitter;
	}

	@PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Cancel a job: a queued one at once (200), a running one at its next step (202)")
	ResponseEntity<JobView> cancel(@PathVariable UUID id) {
		Cancellation cancellation = this.service.cancel(id);
		return ResponseEntity.status(cancellation.requested() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.body(cancellation.job());
	}

	private static JobStatus status(String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return JobStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw InvalidInputException.field("status", "Unknown status '" + status + "'; one of "
					+ Arrays.stream(JobStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
		}
	}

	/** A job's events as Server-Sent Events. */
	private record SseSink(SseEmitter emitter) implements JobEventSink {

		@Override
		public void send(String id, String name, JobView job) throws IOException {
			this.emitter.send(SseEmitter.event().id(id).name(name).data(job, MediaType.APPLICATION_JSON));
		}

		@Override
		public void keepAlive() throws IOException {
			this.emitter.send(SseEmitter.event().comment("keep-alive"));
		}

		@Override
		public void complete() {
			this.emitter.complete();
		}

		@Override
		public void fail(Throwable failure) {
			this.emitter.completeWithError(failure);
		}

		@Override
		public void onClose(Runnable action) {
			this.emitter.onCompletion(action);
			this.emitter.onTimeout(action);
			this.emitter.onError((ex) -> action.run());
		}

	}

}
