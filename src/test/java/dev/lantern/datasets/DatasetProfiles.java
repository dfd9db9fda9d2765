package dev.lantern.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.util.FileSystemUtils;

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
		Path copy = Files.createTempDirectory("lantern-profile-");
		try (InputStream in = Files.newInputStream(file)) {
			return new CsvImporter(new DatasetProperties(100_000, 5, 50, 100_000)).importInto(copy,
					file.getFileName().toString(), in, Map.of());
		}
		finally {
			FileSystemUtils.deleteRecursively(copy);
		}
	}

}
