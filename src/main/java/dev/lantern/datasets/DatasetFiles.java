package dev.lantern.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.lantern.system.errors.InvalidInputException;

/**
 * Finds a CSV file in a dataset's directory: the one a spec names in {@code file}, or the
 * dataset's only CSV file. A name that leads outside the directory is not found.
 */
public final class DatasetFiles {

	private DatasetFiles() {
	}

	/**
	 * A CSV file of a dataset.
	 * @param directory the dataset's directory
	 * @param name the file's name as the spec gives it in {@code file}, or null for the
	 * dataset's only CSV file
	 * @param use what the file is for, in the message when the dataset holds several
	 * ({@code train on}, {@code predict})
	 * @throws InvalidInputException naming {@code file} when there is no such file, or
	 * not exactly one CSV file to choose
	 */
	public static Path csv(Path directory, String name, String use) throws IOException {
		if (name != null) {
			Path file = directory.resolve(name).normalize();
			if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
				throw InvalidInputException.field("file", "The dataset has no file '" + name + "'");
			}
			return file;
		}
		List<Path> csvs;
		try (Stream<Path> files = Files.list(directory)) {
			csvs = files.filter((path) -> path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
				.toList();
		}
		if (csvs.size() != 1) {
			throw InvalidInputException.field("file",
					"The dataset holds " + csvs.size() + " CSV files; name the one to " + use + " in file");
		}
		return csvs.get(0);
	}

}
