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
		return new CsvImporter(new DatasetProperties(100_000, 5, 50, 100_000)).profile(file,
				file.getFileName().toString());
	}

}
