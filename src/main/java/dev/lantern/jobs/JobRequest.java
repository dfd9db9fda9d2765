package dev.lantern.jobs;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import tools.jackson.databind.JsonNode;

/**
 * A job to submit.
 *
 * @param type the job type, such as {@code tabular-train}
 * @param spec the type's spec, a JSON object
 * @param priority higher runs first (default 0); jobs of one priority run in the order
 * they were submitted
 */
@Schema(description = "A job to submit: its type, its spec and an optional priority")
record JobRequest(@NotBlank String type, JsonNode spec, @Min(-1000) @Max(1000) Integer priority) {

}
