package dev.lantern.tabular;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.lantern.models.Inference;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The architecture of a tabular model version: layers, output shapes, parameter counts
 * and embedding sizes. The summary operation declares the tabular kind, so the runtime
 * refuses a version of another kind.
 */
@RestController
@Tag(name = "Tabular", description = "Sales forecasts with entity-embedding models")
class TabularSummaryController {

	private final Inference inference;

	TabularSummaryController(Inference inference) {
		this.inference = inference;
	}

	@GetMapping(path = "/api/v1/models/{name}/versions/{version}/summary", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A tabular model version's layers, output shapes, parameter counts and embedding sizes")
	TabularSummary summary(@PathVariable String name, @PathVariable int version) {
		return this.inference.run(name, version, TabularSummary.SummaryOperation.INSTANCE, Boolean.TRUE);
	}

}
