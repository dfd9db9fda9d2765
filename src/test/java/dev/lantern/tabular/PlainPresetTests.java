package dev.lantern.tabular;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.DatasetProfiles;
import dev.lantern.datasets.Datasets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code none} preset with the columns left to the upload's profile: a named date
 * column brings its calendar parts and its elapsed time as inputs.
 */
class PlainPresetTests {

	@TempDir
	Path data;

	@Test
	void theProfilesColumnsGetTheDatesParts() throws Exception {
		TrainingData read = new PlainPreset().read(spec(null, null), datasets(), 100_000);
		assertThat(read.schema().categorical()).containsExactly("shop", "saleYear", "saleMonth", "saleWeek", "saleDay",
				"saleDayofweek");
		assertThat(read.schema().continuous()).containsExactly("size", "saleElapsed");
		assertThat(read.features().numbers("saleDayofweek")).hasSize(60);
	}

	@Test
	void columnsTheSpecNamesStayAsNamed() throws Exception {
		TrainingData read = new PlainPreset().read(spec(List.of("shop"), List.of("size")), datasets(), 100_000);
		assertThat(read.schema().categorical()).containsExactly("shop");
		assertThat(read.schema().continuous()).containsExactly("size");
	}

	@Test
	void withoutADateColumnTheProfileIsAllThereIs() throws Exception {
		TabularTrainSpec spec = new TabularTrainSpec("prices", "d1", null, null, "none", "price", null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null);
		TrainingData read = new PlainPreset().read(spec, datasets(), 100_000);
		assertThat(read.schema().categorical()).containsExactly("shop");
		assertThat(read.schema().continuous()).containsExactly("size");
	}

	private static TabularTrainSpec spec(List<String> categorical, List<String> continuous) {
		return new TabularTrainSpec("prices", "d1", null, null, "none", "price", categorical, continuous, "saleDate",
				null, null, null, null, null, null, null, null, null, null, null, null);
	}

	private Datasets datasets() throws Exception {
		StringBuilder csv = new StringBuilder("shop,saleDate,size,price\n");
		for (int i = 0; i < 60; i++) {
			csv.append("s").append(i % 3).append(',').append(LocalDate.of(2020, 1, 1).plusDays(i)).append(',');
			csv.append(1.5 + (i % 7) * 0.37).append(',').append(10 + i).append('\n');
		}
		Path file = Files.writeString(this.data.resolve("prices.csv"), csv);
		Map<String, Object> profile = DatasetProfiles.of(file);
		return new Datasets() {
			@Override
			public Dataset get(String id) {
				return new Dataset(id, id, "tabular", Instant.now(), profile);
			}

			@Override
			public Path directory(String id) {
				return PlainPresetTests.this.data;
			}

			@Override
			public Dataset create(String name, String kind, DatasetWriter writer) {
				throw new UnsupportedOperationException();
			}
		};
	}

}
