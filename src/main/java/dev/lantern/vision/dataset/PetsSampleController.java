package dev.lantern.vision.dataset;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Datasets", description = "Uploaded and generated training data")
class PetsSampleController {

	private final Datasets datasets;

	PetsSampleController(Datasets datasets) {
		this.datasets = datasets;
	}

	@PostMapping(path = "/api/v1/datasets/samples/pets", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Generate a synthetic image dataset named like Oxford-IIIT Pet, one visual cue per breed")
	Dataset generate(@Valid @RequestBody(required = false) PetsSampleRequest request) throws IOException {
		PetsSampleRequest spec = (request != null) ? request
				: new PetsSampleRequest(null, null, null, null, null, null);
		return this.datasets.create(spec.name(), "images", (directory) -> SyntheticPets.generate(directory, spec));
	}

}
