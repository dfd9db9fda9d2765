package dev.lantern.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The dataset store: every dataset is a directory under {@code <data-dir>/datasets} and a
 * row in the database. A dataset becomes visible only once its files are complete.
 */
public interface Datasets {

	/**
	 * The dataset with this id.
	 * @throws dev.lantern.system.errors.NotFoundException when there is none
	 */
	Dataset get(String id);

	/** The directory holding the dataset's files. */
	Path directory(String id);

	/**
	 * Creates a dataset from files that {@code writer} puts into a fresh directory (used
	 * by sample generators and importers); registers it only if the writer succeeds.
	 */
	Dataset create(String name, String kind, DatasetWriter writer) throws IOException;

	/** Writes a new dataset's files and returns its report. */
	@FunctionalInterface
	interface DatasetWriter {

		Map<String, Object> writeInto(Path directory) throws IOException;

	}

}
