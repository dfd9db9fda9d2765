package dev.lantern.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The profile an upload of a CSV file gets, for tests and benchmarks of other features.
 */
public final class DatasetProfiles {

	private DatasetProfiles() {
	}

	/**
	 * Profiles a CSV file as {@code POST /api/v1/datasets} does, with the default
	 * {@code lantern.datasets.*} settings.
	 * @param file the CSV file
	 * @return the dataset's report ({@code rows}, {@code columns})
	 */
	public static Map<String, Object> of(Path file) throws IOException {
		DatasetProperties properties = new DatasetProperties(100_000, 5, 50, 100_000, 1000, 1_000_000,
				org.springframework.util.unit.DataSize.ofMegabytes(256));
		try (java.io.InputStream in = java.nio.file.Files.newInputStream(file);
				CsvReader csv = CsvReader.open(in, file.getFileName().toString(), properties.csvLimits(), null)) {
			return new CsvImporter(properties).profile(csv);
		}
	}

}
