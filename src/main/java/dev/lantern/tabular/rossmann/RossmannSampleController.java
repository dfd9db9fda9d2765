package dev.lantern.tabular.rossmann;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.system.errors.InvalidInputException;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Generates a synthetic Rossmann dataset ({@code train.csv}, {@code store.csv},
 * {@code store_states.csv} in Kaggle's format) with a known noise level, so that anyone
 * can train and score a model without Kaggle's data.
 */
@RestController
@Validated
@Tag(name = "Datasets", description = "Uploaded and generated training data")
class RossmannSampleController {

	/** The most rows one sample may have. */
	static final long MAX_ROWS = 5_000_000;

	private final Datasets datasets;

	RossmannSampleController(Datasets datasets) {
		this.datasets = datasets;
	}

	@PostMapping(path = "/api/v1/datasets/samples/rossmann", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Generate a synthetic Rossmann dataset whose best achievable RMSPE is known")
	ResponseEntity<Dataset> generate(@RequestParam(defaultValue = "100") @Min(1) @Max(5000) int stores,
			@RequestParam(defaultValue = "365") @Min(30) @Max(3650) int days,
			@RequestParam(defaultValue = "0.1") @DecimalMin("0.0") @DecimalMax("2.0") double sigma,
			@RequestParam(defaultValue = "42") long seed,
			@RequestParam(defaultValue = "2013-01-01") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate start,
			@RequestParam(defaultValue = "0.08") @DecimalMin("0.0") @DecimalMax("1.0") double seasonAmplitude)
			throws IOException {
		if ((long) stores * days > MAX_ROWS) {
			throw InvalidInputException.field("stores",
					"A sample of " + stores + " stores x " + days + " days has " + ((long) stores * days)
							+ " rows, more than the " + MAX_ROWS + " allowed: ask for fewer stores or days");
		}
		RossmannGenerator generator = new RossmannGenerator(
				new RossmannGenerator.Settings(stores, days, sigma, seed, start, seasonAmplitude));
		Dataset dataset = this.datasets.create("rossmann-sample-" + stores + "x" + days, "tabular",
				generator::writeInto);
		return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.id())).body(dataset);
	}

}
