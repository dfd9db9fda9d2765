package dev.lantern.datasets;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How datasets are imported and profiled.
 *
 * @param maxFieldChars the longest CSV field accepted, in characters; a longer one is
 * refused with a 400 naming the record and the column (default 100000)
 * @param profileSamples how many distinct sample values the profile shows per column
 * (default 5)
 * @param categoricalMaxDistinct an integer column with at most this many distinct values
 * is flagged as probably categorical (default 50)
 * @param distinctLimit distinct values are counted exactly up to this many per column,
 * beyond it the profile says "more than" (default 100000)
 */
@ConfigurationProperties("lantern.datasets")
@Validated
public record DatasetProperties(@Min(16) int maxFieldChars, @Min(0) @Max(100) int profileSamples,
		@Min(1) int categoricalMaxDistinct, @Min(100) int distinctLimit) {

}
