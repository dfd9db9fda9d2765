package dev.lantern.system.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import dev.lantern.system.errors.CapacityException;
import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.DeadlineExceededException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.system.errors.UnavailableException;
import dev.lantern.system.errors.UnsupportedFormatException;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Endpoints that fail in each way the API must answer with a problem, for
 * {@link ProblemResponsesTests} only.
 */
@RestController
@Profile("problem-probe")
@RequestMapping("/api/v1/probe")
class ProblemProbeController {

	@PostMapping(path = "/json", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> json(@Valid @RequestBody Probe probe) {
		return Map.of("name", probe.name(), "count", probe.count());
	}

	@PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Map<String, Object> upload(@RequestPart("file") MultipartFile file) throws IOException {
		return Map.of("bytes", file.getBytes().length);
	}

	@PostMapping(path = "/raw", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	Map<String, Object> raw(@RequestBody byte[] body) {
		return Map.of("bytes", body.length);
	}

	@GetMapping("/fail")
	Map<String, Object> fail() {
		throw new IllegalStateException("secret internal detail");
	}

	@GetMapping("/busy")
	Map<String, Object> busy() {
		throw new UnavailableException("The model's queue is full", Duration.ofSeconds(5));
	}

	@GetMapping("/queue-full")
	Map<String, Object> queueFull() {
		throw new CapacityException("The job queue is full", Duration.ofMillis(1500));
	}

	@GetMapping("/invalid")
	Map<String, Object> invalid() {
		throw InvalidInputException.field("spec.epochs", "spec.epochs must be at most 1000").with("limit", 1000);
	}

	@GetMapping("/missing")
	Map<String, Object> missing() {
		throw new NotFoundException("model", "sales");
	}

	@GetMapping("/conflict")
	Map<String, Object> conflict() {
		throw new ConflictException("Version 1 of 'sales' is the default version");
	}

	@GetMapping("/too-large")
	Map<String, Object> tooLarge() {
		throw new TooLargeException("At most 32 images per request (lantern.vision.max-classify-images)");
	}

	@GetMapping("/unsupported")
	Map<String, Object> unsupported() {
		throw new UnsupportedFormatException("Images must be PNG, JPEG, GIF or BMP");
	}

	@GetMapping("/late")
	Map<String, Object> late() {
		throw new DeadlineExceededException("The request waited longer than 30 s");
	}

	record Probe(@NotBlank String name, @Min(1) int count) {

	}

}
