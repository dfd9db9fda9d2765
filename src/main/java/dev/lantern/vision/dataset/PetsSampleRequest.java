package dev.lantern.vision.dataset;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * What {@code POST /api/v1/datasets/samples/pets} generates; every field is optional.
 *
 * @param name the dataset's name, default {@code synthetic-pets}
 * @param classes how many breeds, 2 to 37 (default 4)
 * @param imagesPerClass images of each breed (default 50)
 * @param size the images' side in pixels (default 128)
 * @param validPct the share held out for validation (default 0.2, fastai's
 * {@code valid_pct})
 * @param seed the generator's and the split's seed (default 42)
 */
public record PetsSampleRequest(@Pattern(regexp = "[A-Za-z0-9._-]{1,100}") String name,
		@Min(2) @Max(37) Integer classes, @Min(2) @Max(2000) Integer imagesPerClass, @Min(32) @Max(512) Integer size,
		@DecimalMin("0") @DecimalMax("0.9") Double validPct, Long seed) {

	public PetsSampleRequest {
		name = (name != null) ? name : "synthetic-pets";
		classes = (classes != null) ? classes : 4;
		imagesPerClass = (imagesPerClass != null) ? imagesPerClass : 50;
		size = (size != null) ? size : 128;
		validPct = (validPct != null) ? validPct : 0.2;
		seed = (seed != null) ? seed : 42L;
	}

}
