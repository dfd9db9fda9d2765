package dev.lantern.tabular;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The spec of a {@code tabular-predict} job: predicts every row of a stored CSV and
 * stores the result as a new dataset.
 *
 * @param model the model
 * @param version the version (1 to 2147483647), or null for the default
 * @param datasetId the dataset holding the rows
 * @param file the CSV file in the dataset, when it holds several
 */
public record TabularPredictSpec(@NotBlank String model, @Min(1) @Max(Integer.MAX_VALUE) Integer version,
		@NotBlank String datasetId, String file) {

}
