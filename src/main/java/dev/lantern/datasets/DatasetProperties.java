package dev.lantern.datasets;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
 * @param maxColumns the most columns a CSV may have, checked while its header is read;
 * beyond it 413 (default 1000, at most 100000)
 * @param maxLineChars the longest CSV record (a line, with the line breaks inside quoted
 * fields), in characters, checked as it is read; beyond it 413 (default 1000000)
 * @param profileDistinctBudget the memory the profiler may spend on the distinct values
 * it keeps to count them, shared evenly by the columns (a value counts 64 bytes plus 2
 * per character); a column past its share reports "more than" (default 256MB)
 */
@ConfigurationProperties("lantern.datasets")
@Validated
public record DatasetProperties(@Min(16) int maxFieldChars, @Min(0) @Max(100) int profileSamples,
		@Min(1) int categoricalMaxDistinct, @Min(100) int distinctLimit,
		@DefaultValue("1000") @Min(1) @Max(100_000) int maxColumns,
		@DefaultValue("1000000") @Min(1024) long maxLineChars,
		@DefaultValue("256MB") @NotNull DataSize profileDistinctBudget) {

	@ConstructorBinding
	public DatasetProperties {
	}

	/** The limits of earlier configurations, with the defaults of the newer ones. */
	public DatasetProperties(int maxFieldChars, int profileSamples, int categoricalMaxDistinct, int distinctLimit) {
		this(maxFieldChars, profileSamples, categoricalMaxDistinct, distinctLimit, 1000, 1_000_000,
				DataSize.ofMegabytes(256));
	}

	/** The limits a CSV upload is read with. */
	public CsvLimits csvLimits() {
		return new CsvLimits(this.maxFieldChars, this.maxColumns, this.maxLineChars);
	}

	/**
	 * The budget of one column's distinct values, in bytes, when a file has this many
	 * columns.
	 */
	long distinctBudgetPerColumn(int columns) {
		return this.profileDistinctBudget.toBytes() / Math.max(1, columns);
	}

}
