package dev.lantern.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;

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

	/**
	 * The dataset a job spec names, checked when the job is submitted and when it starts.
	 * @param datasets the dataset store
	 * @param id the dataset's id
	 * @param kind the kind the job needs ({@code tabular} or {@code images})
	 * @param field the spec field that names it, such as {@code spec.datasetId}
	 * @param jobType the job type, for the message
	 * @return the dataset
	 * @throws InvalidInputException naming the field when there is no such dataset or it
	 * is of another kind
	 */
	static Dataset require(Datasets datasets, String id, String kind, String field, String jobType) {
		Dataset dataset;
		try {
			dataset = datasets.get(id);
		}
		catch (NotFoundException ex) {
			throw InvalidInputException.field(field, "'" + field + "' names no dataset: there is no dataset '" + id
					+ "' (GET /api/v1/datasets lists them)");
		}
		if (!kind.equals(dataset.kind())) {
			throw InvalidInputException.field(field, "Dataset '" + id + "' is a " + dataset.kind() + " dataset; "
					+ jobType + " needs a " + kind + " dataset (" + field + ")");
		}
		return dataset;
	}

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
